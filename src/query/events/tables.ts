import { alias } from 'drizzle-orm/sqlite-core';
import { claimEvents, claims, eventActors, events, locations } from '../../db/schema.js';

/**
 * The aliases the event queries give the tables they join: raw SQL names a
 * table as `${events} ${e}` and a column as `${e.date_start}`, so a renamed
 * column fails the typecheck instead of a query.
 */
export const e = alias(events, 'e');
export const l = alias(locations, 'l');
export const ea = alias(eventActors, 'ea');
export const ce = alias(claimEvents, 'ce');
export const c = alias(claims, 'c');
