import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { type CasualtyReportRow, victimSide } from './casualties.js';
import type { ClaimRow } from './claims.js';

export interface Disagreement {
  kind: 'figures' | 'denial' | 'competing_parties';
  detail: string;
  victim: string | null;
  outcome: string | null;
  claim_ids: number[];
}

export const CREDIBILITY_GRADES = ['confirmed', 'fair', 'weak', 'contested'] as const;

export interface Credibility {
  grade: (typeof CREDIBILITY_GRADES)[number];
  reason: string;
  independent_claimants: number;
}

/**
 * The rule, in order (the first that applies wins):
 * 1. contested — the claims disagree (see `disagreements`);
 * 2. confirmed — a claimant is a party to the event (the claimant is one of the
 *    event's actors, or shares a top-level actor with one: SANA speaks for the
 *    Syrian government, Amaq for ISIS);
 * 3. fair — two or more independent claimants (different top-level actors);
 * 4. weak — a single claimant.
 */
export const CREDIBILITY_RULE =
  'contested when claims disagree; else confirmed when a party to the event claims it; else fair with two or more independent claimants; else weak.';

function rootsOf(db: Db, ids: number[]): Map<number, number> {
  const roots = new Map<number, number>();
  for (const id of new Set(ids)) {
    const row = db.get<{ id: number }>(
      sql`WITH RECURSIVE up(id, parent_id) AS (
            SELECT id, parent_id FROM actors WHERE id = ${id}
            UNION ALL SELECT a.id, a.parent_id FROM actors a JOIN up ON a.id = up.parent_id
          ) SELECT id FROM up WHERE parent_id IS NULL`,
    );
    roots.set(id, row?.id ?? id);
  }
  return roots;
}

function figure(r: CasualtyReportRow): string {
  return `${r.qualifier}:${r.count_low}-${r.count_high}`;
}

export function assessEvent(
  db: Db,
  eventActors: { id: number; role: string }[],
  claims: ClaimRow[],
  reports: CasualtyReportRow[],
): { disagreements: Disagreement[]; credibility: Credibility } {
  const disagreements: Disagreement[] = [];

  // Different numbers for the same victim side and outcome from different claims. A vague
  // figure ("dozens") contradicts no number, so only figures with numbers are compared.
  const groups = new Map<string, CasualtyReportRow[]>();
  for (const r of reports.filter((r) => r.subset_of_id === null && r.qualifier !== 'vague')) {
    const k = `${victimSide(r)}|${r.outcome}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const group of groups.values()) {
    const claimIds = [...new Set(group.map((r) => r.claim_id))];
    if (claimIds.length < 2) continue;
    const figures = new Set(group.map(figure));
    if (figures.size < 2) continue;
    const first = group[0] as CasualtyReportRow;
    const victim = first.victim_actor?.name ?? first.victim_group;
    disagreements.push({
      kind: 'figures',
      detail: `Claims give different figures for ${victim} ${first.outcome}: ${[...figures].join(' / ')}`,
      victim,
      outcome: first.outcome,
      claim_ids: claimIds,
    });
  }

  const denials = claims.filter((c) => c.certainty === 'denied');
  if (denials.length > 0) {
    disagreements.push({
      kind: 'denial',
      detail: 'A claimant denies what other claims on this event assert',
      victim: null,
      outcome: null,
      claim_ids: claims.map((c) => c.id),
    });
  }

  const roots = rootsOf(db, [...claims.map((c) => c.claimant.id), ...eventActors.map((a) => a.id)]);
  const sideOfRoot = new Map<number, 1 | 2>();
  for (const a of eventActors) {
    const side = a.role === 'actor1' || a.role === 'assoc_actor_1' ? 1 : 2;
    sideOfRoot.set(roots.get(a.id) as number, side);
  }
  const partyClaims = claims.filter((c) => sideOfRoot.has(roots.get(c.claimant.id) as number));
  const sides = new Set(partyClaims.map((c) => sideOfRoot.get(roots.get(c.claimant.id) as number)));
  if (sides.size === 2) {
    disagreements.push({
      kind: 'competing_parties',
      detail: 'Both sides of the event give their own account',
      victim: null,
      outcome: null,
      claim_ids: partyClaims.map((c) => c.id),
    });
  }

  const independent = new Set(claims.map((c) => roots.get(c.claimant.id))).size;
  let credibility: Credibility;
  if (disagreements.length > 0) {
    credibility = {
      grade: 'contested',
      reason: 'The claims on this event disagree (see disagreements).',
      independent_claimants: independent,
    };
  } else if (partyClaims.length > 0) {
    credibility = { grade: 'confirmed', reason: 'A party to the event claims it.', independent_claimants: independent };
  } else if (independent >= 2) {
    credibility = { grade: 'fair', reason: `${independent} independent claimants report it.`, independent_claimants: independent };
  } else {
    credibility = { grade: 'weak', reason: 'A single claimant reports it.', independent_claimants: independent };
  }
  return { disagreements, credibility };
}
