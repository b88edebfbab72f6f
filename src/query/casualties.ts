import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { casualtyReport } from '../routes/shapes.js';
import { inIds, type ResolvedFilters } from './filters.js';
import { decodeCursor, type Page, toPage } from './pagination.js';

/** A casualty report as the API shows it. */
export type CasualtyReportRow = z.infer<typeof casualtyReport>;

interface FlatRow {
  id: number;
  claim_id: number;
  event_id: number;
  claimant_id: number;
  claimant_name: string;
  location_id: number;
  location_name: string;
  victim_actor_id: number | null;
  victim_actor_name: string | null;
  victim_group: string | null;
  outcome: CasualtyReportRow['outcome'];
  count_low: number | null;
  count_high: number | null;
  qualifier: CasualtyReportRow['qualifier'];
  vague_text: string | null;
  subset_of_id: number | null;
  note: string | null;
  sort_date: string;
}

export const CASUALTY_SELECT = sql`
  SELECT r.id, r.claim_id, r.event_id, c.claimant_id, ca.name AS claimant_name, l.id AS location_id, l.name AS location_name,
         r.victim_actor_id, va.name AS victim_actor_name, r.victim_group, r.outcome, r.count_low, r.count_high, r.qualifier,
         r.vague_text, r.subset_of_id, r.note, e.date_start AS sort_date
  FROM casualty_reports r
  JOIN claims c ON c.id = r.claim_id
  JOIN actors ca ON ca.id = c.claimant_id
  JOIN events e ON e.id = r.event_id
  JOIN locations l ON l.id = e.location_id
  LEFT JOIN actors va ON va.id = r.victim_actor_id`;

export function toCasualtyReport(r: FlatRow): CasualtyReportRow {
  return {
    id: r.id,
    claim_id: r.claim_id,
    event_id: r.event_id,
    claimant: { id: r.claimant_id, name: r.claimant_name },
    location: { id: r.location_id, name: r.location_name },
    victim_actor: r.victim_actor_id === null ? null : { id: r.victim_actor_id, name: r.victim_actor_name ?? '' },
    victim_group: r.victim_group,
    outcome: r.outcome,
    count_low: r.count_low,
    count_high: r.count_high,
    qualifier: r.qualifier,
    vague_text: r.vague_text,
    subset_of_id: r.subset_of_id,
    note: r.note,
  };
}

export function casualtyReportsWhere(db: Db, where: SQL, tail: SQL = sql``): (CasualtyReportRow & { sort_date: string })[] {
  return db.all<FlatRow>(sql`${CASUALTY_SELECT} WHERE ${where} ${tail}`).map((r) => ({ ...toCasualtyReport(r), sort_date: r.sort_date }));
}

export function casualtyReportsForEvents(db: Db, eventIds: number[]): CasualtyReportRow[] {
  if (eventIds.length === 0) return [];
  return db.all<FlatRow>(sql`${CASUALTY_SELECT} WHERE ${inIds(sql`r.event_id`, eventIds)} ORDER BY r.event_id, r.id`).map(toCasualtyReport);
}

/** The side a figure counts: the victim actor when named, else the victim group as written. */
export function victimSide(r: Pick<CasualtyReportRow, 'victim_actor' | 'victim_group'>): string {
  return r.victim_actor ? `actor:${r.victim_actor.id}` : `group:${(r.victim_group ?? '').toLowerCase()}`;
}

/**
 * An event's fatality range from its claims' figures, documented in the API:
 * per victim side, `low` is the lowest lower bound any claim gives as a number
 * and `high` the highest upper bound (null when any figure is open-ended or
 * vague); the
 * sides are then summed. Subsets ("including 7 children") are not added again.
 * Null when no claim gives a figure for the dead.
 */
export function fatalityRange(reports: CasualtyReportRow[]): { low: number; high: number | null } | null {
  const killed = reports.filter((r) => r.outcome === 'killed' && r.subset_of_id === null);
  if (killed.length === 0) return null;
  const perSide = new Map<string, Map<number, { low: number; high: number | null }>>();
  // A vague figure ("large numbers") sets no lower bound; it only leaves the upper bound open.
  const numericClaims = new Set<string>();
  for (const r of killed) {
    const side = victimSide(r);
    const claims = perSide.get(side) ?? new Map<number, { low: number; high: number | null }>();
    const sum = claims.get(r.claim_id) ?? { low: 0, high: 0 };
    const high = r.qualifier === 'vague' || r.count_high === null ? null : r.count_high;
    claims.set(r.claim_id, { low: sum.low + (r.count_low ?? 0), high: sum.high === null || high === null ? null : sum.high + high });
    perSide.set(side, claims);
    if (r.qualifier !== 'vague') numericClaims.add(`${side}|${r.claim_id}`);
  }
  let low = 0;
  let high: number | null = 0;
  for (const [side, claims] of perSide) {
    const figures = [...claims.values()];
    const numeric = [...claims.keys()]
      .filter((claimId) => numericClaims.has(`${side}|${claimId}`))
      .map((claimId) => claims.get(claimId)?.low ?? 0);
    low += numeric.length ? Math.min(...numeric) : 0;
    const highs = figures.map((f) => f.high);
    high = high === null || highs.includes(null) ? null : high + Math.max(...(highs as number[]));
  }
  return { low, high };
}

export interface CasualtyFilters {
  event?: number[];
  outcome?: string;
}

/** `actor` is the victim actor (with its sub-actors); `place` the event's location (with the places inside it). */
export function casualtyConditions(f: CasualtyFilters, r: ResolvedFilters): SQL {
  const parts: SQL[] = [sql`1 = 1`];
  if (f.event) parts.push(inIds(sql`r.event_id`, f.event));
  if (f.outcome) parts.push(sql`r.outcome = ${f.outcome}`);
  if (r.actorIds) parts.push(inIds(sql`r.victim_actor_id`, r.actorIds));
  if (r.placeIds) parts.push(inIds(sql`e.location_id`, r.placeIds));
  if (r.claimantIds) parts.push(inIds(sql`c.claimant_id`, r.claimantIds));
  if (r.articleIds) parts.push(inIds(sql`c.article_id`, r.articleIds));
  return sql.join(parts, sql` AND `);
}

export function listCasualtyReports(db: Db, where: SQL, limit: number, cursor: string | undefined): Page<CasualtyReportRow> {
  const after = decodeCursor('casualty-reports', cursor);
  const keyset = after ? sql` AND (e.date_start, r.id) > (${after.sort}, ${after.id})` : sql``;
  const total =
    db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM casualty_reports r JOIN claims c ON c.id = r.claim_id JOIN events e ON e.id = r.event_id WHERE ${where}`,
    )?.n ?? 0;
  const rows = casualtyReportsWhere(db, sql`${where}${keyset}`, sql`ORDER BY e.date_start, r.id LIMIT ${limit + 1}`);
  const page = toPage('casualty-reports', rows, limit, total, (r) => ({ sort: r.sort_date, id: r.id }));
  return { ...page, rows: page.rows.map(({ sort_date: _, ...r }) => r) };
}
