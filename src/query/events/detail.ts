import type { Db } from '../../db/client.js';
import type { EventDetail } from '../../schemas/events.js';
import { casualtyReportsOfEvent } from '../casualties.js';
import { claimsOfEvent } from '../claims.js';
import { assessEvent } from '../credibility.js';
import { ancestorPath } from '../names.js';
import { summariesInOrder } from './rows.js';

/** GET /events/{id}: the summary with the place's path, the claims, their figures, the disagreements and the credibility grade. */
export function getEvent(db: Db, id: number): EventDetail | null {
  const [summary] = summariesInOrder(db, [id]);
  if (!summary) return null;
  const eventClaims = claimsOfEvent(db, id);
  const casualtyReports = casualtyReportsOfEvent(db, id);
  const { disagreements, credibility } = assessEvent(db, summary.actors, eventClaims, casualtyReports);
  return {
    ...summary,
    path: ancestorPath(db, 'locations', summary.location.id),
    claims: eventClaims,
    casualty_reports: casualtyReports,
    disagreements,
    credibility,
  };
}
