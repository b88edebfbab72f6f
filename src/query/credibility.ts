import type { Db } from '../db/client.js';
import type { CasualtyReport } from '../schemas/casualties.js';
import type { Claim } from '../schemas/claims.js';
import type { Credibility, Disagreement, EventActor } from '../schemas/events.js';
import { victimSide } from './casualties.js';
import { rootActors } from './names.js';

function figure(r: CasualtyReport): string {
  return `${r.qualifier}:${r.count_low}-${r.count_high}`;
}

/** The disagreements among an event's claims, and its grade by CREDIBILITY_RULE (src/domain.ts). */
export function assessEvent(
  db: Db,
  eventActors: Pick<EventActor, 'id' | 'role'>[],
  claims: Claim[],
  reports: CasualtyReport[],
): { disagreements: Disagreement[]; credibility: Credibility } {
  const disagreements: Disagreement[] = [];

  // Different numbers for the same victim side and outcome from different claims. A vague
  // figure ("dozens") contradicts no number, so only figures with numbers are compared.
  const groups = new Map<string, CasualtyReport[]>();
  for (const r of reports.filter((r) => r.subset_of_id === null && r.qualifier !== 'vague')) {
    const k = `${victimSide(r)}|${r.outcome}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const group of groups.values()) {
    const claimIds = [...new Set(group.map((r) => r.claim_id))];
    if (claimIds.length < 2) continue;
    const figures = new Set(group.map(figure));
    if (figures.size < 2) continue;
    const first = group[0] as CasualtyReport;
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

  const roots = rootActors(db, [...claims.map((c) => c.claimant.id), ...eventActors.map((a) => a.id)]);
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
