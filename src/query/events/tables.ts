import { alias } from 'drizzle-orm/sqlite-core';
import { claimEvents, claims, eventActorClosure, eventActors, eventPlaceClosure, events, locations } from '../../db/schema.js';

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
/** The closure tables as a check on one event (`pc`, `ac`) and as the range a page is read from (`dp`, `da`). */
export const pc = alias(eventPlaceClosure, 'pc');
export const ac = alias(eventActorClosure, 'ac');
export const dp = alias(eventPlaceClosure, 'dp');
export const da = alias(eventActorClosure, 'da');
/** Events read from one place's range of the (location, date) index. */
export const dl = alias(events, 'dl');
