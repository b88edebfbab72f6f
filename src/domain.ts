/**
 * Controlled vocabularies shared by the database CHECK constraints, the seed
 * validator and the API schemas, so the three can never disagree.
 */

/** ACLED event taxonomy: 6 event types, 25 sub-event types. */
export const ACLED_TAXONOMY = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
} as const;

export type EventType = keyof typeof ACLED_TAXONOMY;
export type SubEventType = (typeof ACLED_TAXONOMY)[EventType][number];
export const EVENT_TYPES = Object.keys(ACLED_TAXONOMY) as [EventType, ...EventType[]];
export const SUB_EVENT_TYPES = Object.values(ACLED_TAXONOMY).flat() as [SubEventType, ...SubEventType[]];

/** ACLED's actor columns: actor1, actor2 and the actors associated with either. */
export const ACTOR_ROLES = ['actor1', 'actor2', 'assoc_actor_1', 'assoc_actor_2'] as const;

/** The two sides of an event, each ACLED's actor column with its associated actors: what `actor_role` names. */
export const ACTOR_SIDES = {
  actor1: { roles: ['actor1', 'assoc_actor_1'], bit: 1 },
  actor2: { roles: ['actor2', 'assoc_actor_2'], bit: 2 },
} as const;
export type ActorSide = keyof typeof ACTOR_SIDES;

export const ACTOR_KINDS = [
  'state',
  'state_forces',
  'rebel_group',
  'political_militia',
  'identity_militia',
  'external_force',
  'international_coalition',
  'armed_group',
  'unidentified_armed_group',
  'civilians',
  'media',
  'monitoring_group',
  'civil_body',
  'international_organisation',
  'person',
  'unnamed_source',
] as const;

export const LOCATION_KINDS = [
  'country',
  'governorate',
  'district',
  'subdistrict',
  'city',
  'town',
  'village',
  'neighbourhood',
  'site',
  'camp',
  'road',
  'crossing',
  'region',
  'river',
  'mountain',
  'border',
] as const;

/**
 * Where a location's coordinates came from: a gazetteer entry (GeoNames id
 * recorded), the parent location's coordinates, the administrative capital's
 * gazetteer entry (a governorate or district, ACLED's practice; the capital's
 * GeoNames id recorded), or none at all.
 */
export const COORD_SOURCES = ['gazetteer', 'parent', 'capital', 'none'] as const;

/** 1 = the place itself, 2 = near it / part of a larger area, 3 = only the administrative area. */
export const GEO_PRECISIONS = [1, 2, 3] as const;

export const DATE_PRECISIONS = ['day', 'week', 'month', 'year', 'range', 'unknown'] as const;

export const CLAIM_TYPES = [
  'event_report',
  'casualty_report',
  'territorial_control',
  'statement',
  'assessment',
  'forecast',
  'denial',
  'background',
  'headline',
] as const;

/**
 * asserted: stated as fact by the claimant; alleged: a party's claim the
 * article distances itself from or that concerns the claimant's own side;
 * suspected: only "believed" (e.g. the perpetrator); denied: the claimant
 * denies it; assessment: opinion or estimate; forecast: about the future.
 */
export const CERTAINTIES = ['asserted', 'alleged', 'suspected', 'denied', 'assessment', 'forecast'] as const;

export const OUTCOMES = [
  'killed',
  'injured',
  'killed_or_injured',
  'captured',
  'detained',
  'displaced',
  'evacuated',
  'executed',
  'missing',
] as const;

export const QUALIFIERS = ['exact', 'at_least', 'more_than', 'about', 'range', 'vague'] as const;

export const LANGUAGES = ['ar', 'en'] as const;

/** An event's credibility, from its claims (see src/query/credibility.ts). */
export const CREDIBILITY_GRADES = ['confirmed', 'fair', 'weak', 'contested'] as const;

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

/** How claims on one event can disagree. */
export const DISAGREEMENT_KINDS = ['figures', 'denial', 'competing_parties'] as const;
