import { z } from 'zod';
import { ACTOR_KINDS, COORD_SOURCES, LOCATION_KINDS } from '../domain.js';
import { alias, child, listOf, pathEntry } from './common.js';
import { statusQuery, withDrafts } from './drafts.js';
import { formatQuery, pageQuery, textParam } from './params.js';

/** Actors and locations: named trees with aliases, listed and searched the same way. */

const matchRank = { match_rank: z.number().int().nullable().describe('With q: 0 exact, 1 prefix, 2 partial') };

export const actorsQuery = z.strictObject({
  q: textParam('Any name or alias, English or Arabic; exact matches first, then prefix, then partial', 'Daesh'),
  kind: z.enum(ACTOR_KINDS).optional().describe('Only actors of this kind'),
  parent: z.coerce.number().int().positive().optional().describe('Only the direct children of this actor id'),
  ...pageQuery,
  ...statusQuery,
  ...formatQuery(['json', 'csv']),
});
export type ActorsQuery = z.infer<typeof actorsQuery>;

export const actor = z
  .object({
    id: z.number().int(),
    name: z.string(),
    name_ar: z.string().nullable(),
    kind: z.enum(ACTOR_KINDS),
    parent_id: z.number().int().nullable(),
    aliases: z.array(alias),
  })
  .meta({ id: 'Actor' });
export type Actor = z.infer<typeof actor>;

export const actorListItem = actor.extend(matchRank);
export const actorList = listOf(actorListItem, 'ActorList');
export const actorPages = withDrafts('actors', actorList, 'ActorListWithDrafts');

export const actorDetail = actor
  .extend({
    parent: pathEntry.nullable(),
    ancestors: z.array(pathEntry).describe('From the top-level actor down to the parent'),
    children: z.array(child),
    event_counts: z.object({
      total: z.number().int().describe('Events this actor takes part in'),
      including_sub_actors: z.number().int(),
      by_role: z.record(z.string(), z.number().int()),
    }),
    claims_made: z.number().int().describe('Claims with this actor as claimant'),
  })
  .meta({ id: 'ActorDetail' });
export type ActorDetail = z.infer<typeof actorDetail>;

export const locationsQuery = z.strictObject({
  q: textParam('Any name, alias or transliteration, English or Arabic; exact matches first, then prefix, then partial', 'Deir ez-Zor'),
  kind: z.enum(LOCATION_KINDS).optional().describe('Only locations of this kind'),
  parent: z.coerce.number().int().positive().optional().describe('Only the direct children of this location id'),
  ...pageQuery,
  ...statusQuery,
  ...formatQuery(['json', 'csv', 'geojson']),
});
export type LocationsQuery = z.infer<typeof locationsQuery>;

export const location = z
  .object({
    id: z.number().int(),
    name: z.string(),
    name_ar: z.string().nullable(),
    kind: z.enum(LOCATION_KINDS),
    parent_id: z.number().int().nullable(),
    lat: z.number().nullable(),
    lon: z.number().nullable(),
    geo_precision: z.number().int().nullable(),
    coord_source: z
      .enum(COORD_SOURCES)
      .describe(
        "'gazetteer' (GeoNames, id in geonames_id), 'parent' (the nearest located ancestor's coordinates), 'capital' (an administrative area at its capital's GeoNames entry, id in geonames_id) or 'none'",
      ),
    geonames_id: z.number().int().nullable(),
    pcode: z.string().nullable().describe('OCHA p-code, where known'),
    aliases: z.array(alias),
  })
  .meta({ id: 'Location' });
export type Location = z.infer<typeof location>;

export const locationListItem = location.extend(matchRank);
export const locationList = listOf(locationListItem, 'LocationList');
export const locationPages = withDrafts('locations', locationList, 'LocationListWithDrafts');

export const locationDetail = location
  .extend({
    ancestors: z.array(pathEntry).describe('From the country down to the parent'),
    children: z.array(child),
    event_counts: z.object({ total: z.number().int(), including_places_inside: z.number().int() }),
  })
  .meta({ id: 'LocationDetail' });
export type LocationDetail = z.infer<typeof locationDetail>;
