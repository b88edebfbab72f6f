import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  foreignKey,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import {
  ACTOR_KINDS,
  ACTOR_ROLES,
  CERTAINTIES,
  CLAIM_TYPES,
  COORD_SOURCES,
  DATE_PRECISIONS,
  LANGUAGES,
  LOCATION_KINDS,
  OUTCOMES,
  QUALIFIERS,
} from '../domain.js';
import { isoDate, oneOf, spanClass, taxonomyCheck } from './checks.js';

/** Key/value facts about the database itself (e.g. the fingerprint of the loaded seed). */
export const meta = sqliteTable('meta', {
  key: text().primaryKey(),
  value: text().notNull(),
});

export const actors = sqliteTable(
  'actors',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    /** Stable slug from the seed; rows are upserted by it, so ids never change on reload. */
    key: text().notNull(),
    name: text().notNull(),
    name_ar: text(),
    kind: text({ enum: ACTOR_KINDS }).notNull(),
    parent_id: integer().references((): AnySQLiteColumn => actors.id),
    note: text(),
  },
  (t) => [
    uniqueIndex('actors_key_uq').on(t.key),
    index('actors_parent_idx').on(t.parent_id),
    check('actors_kind_ck', oneOf(t.kind, ACTOR_KINDS)),
    check('actors_not_own_parent_ck', sql`${t.parent_id} IS NULL OR ${t.parent_id} <> ${t.id}`),
  ],
);

export const actorAliases = sqliteTable(
  'actor_aliases',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    actor_id: integer()
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    alias: text().notNull(),
    lang: text({ enum: LANGUAGES }).notNull(),
    /** The alias folded by src/names/normalise.ts; name lookups are index seeks on it. */
    norm_key: text().notNull(),
  },
  (t) => [
    uniqueIndex('actor_aliases_actor_alias_uq').on(t.actor_id, t.alias),
    index('actor_aliases_norm_idx').on(t.norm_key, t.actor_id),
    check('actor_aliases_lang_ck', oneOf(t.lang, LANGUAGES)),
  ],
);

export const locations = sqliteTable(
  'locations',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    key: text().notNull(),
    name: text().notNull(),
    name_ar: text(),
    kind: text({ enum: LOCATION_KINDS }).notNull(),
    parent_id: integer().references((): AnySQLiteColumn => locations.id),
    lat: real(),
    lon: real(),
    geo_precision: integer(),
    coord_source: text({ enum: COORD_SOURCES }).notNull(),
    geonames_id: integer(),
    pcode: text(),
    note: text(),
  },
  (t) => [
    uniqueIndex('locations_key_uq').on(t.key),
    index('locations_parent_idx').on(t.parent_id),
    check('locations_kind_ck', oneOf(t.kind, LOCATION_KINDS)),
    check('locations_coord_source_ck', oneOf(t.coord_source, COORD_SOURCES)),
    check('locations_geo_precision_ck', sql`${t.geo_precision} IS NULL OR ${t.geo_precision} IN (1, 2, 3)`),
    check('locations_lat_ck', sql`${t.lat} IS NULL OR ${t.lat} BETWEEN -90 AND 90`),
    check('locations_lon_ck', sql`${t.lon} IS NULL OR ${t.lon} BETWEEN -180 AND 180`),
    check('locations_coords_ck', sql`(${t.lat} IS NULL) = (${t.lon} IS NULL) AND (${t.lat} IS NULL) = (${t.coord_source} = 'none')`),
    check('locations_gazetteer_ck', sql`${t.coord_source} <> 'gazetteer' OR ${t.geonames_id} IS NOT NULL`),
    check('locations_not_own_parent_ck', sql`${t.parent_id} IS NULL OR ${t.parent_id} <> ${t.id}`),
  ],
);

export const locationAliases = sqliteTable(
  'location_aliases',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    location_id: integer()
      .notNull()
      .references(() => locations.id, { onDelete: 'cascade' }),
    alias: text().notNull(),
    lang: text({ enum: LANGUAGES }).notNull(),
    norm_key: text().notNull(),
  },
  (t) => [
    uniqueIndex('location_aliases_location_alias_uq').on(t.location_id, t.alias),
    index('location_aliases_norm_idx').on(t.norm_key, t.location_id),
    check('location_aliases_lang_ck', oneOf(t.lang, LANGUAGES)),
  ],
);

export const articles = sqliteTable(
  'articles',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    file_name: text().notNull(),
    title: text().notNull(),
    /** Full text, NFC-normalised: claim offsets index into this string. */
    text: text().notNull(),
    language: text({ enum: LANGUAGES }).notNull(),
    /** Null when the article does not name its publisher. */
    publisher: text(),
    publisher_actor_id: integer().references(() => actors.id),
    published_start: text().notNull(),
    published_end: text().notNull(),
    published_precision: text({ enum: DATE_PRECISIONS }).notNull(),
    published_note: text().notNull(),
    /** Where the publisher and publication date come from: the text, the publisher's page (with its address), or an inference. */
    published_basis: text(),
  },
  (t) => [
    uniqueIndex('articles_file_name_uq').on(t.file_name),
    index('articles_published_idx').on(t.published_start, t.id),
    check('articles_language_ck', oneOf(t.language, LANGUAGES)),
    check('articles_precision_ck', oneOf(t.published_precision, DATE_PRECISIONS)),
    check(
      'articles_dates_ck',
      sql`${isoDate(t.published_start)} AND ${isoDate(t.published_end)} AND ${t.published_start} <= ${t.published_end}`,
    ),
  ],
);

export const events = sqliteTable(
  'events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    key: text().notNull(),
    date_start: text().notNull(),
    date_end: text().notNull(),
    date_precision: text({ enum: DATE_PRECISIONS }).notNull(),
    date_note: text().notNull(),
    event_type: text().notNull(),
    sub_event_type: text().notNull(),
    location_id: integer()
      .notNull()
      .references(() => locations.id),
    geo_precision: integer(),
    summary_en: text().notNull(),
    summary_ar: text(),
    note: text(),
  },
  (t) => [
    uniqueIndex('events_key_uq').on(t.key),
    index('events_date_idx').on(t.date_start, t.id),
    index('events_date_end_idx').on(t.date_end),
    index('events_location_idx').on(t.location_id, t.date_start, t.id),
    index('events_type_idx').on(t.event_type, t.date_start, t.id),
    index('events_sub_type_idx').on(t.sub_event_type, t.date_start, t.id),
    index('events_span_idx').on(spanClass(t.date_start, t.date_end), t.date_start, t.id, t.date_end),
    check('events_taxonomy_ck', taxonomyCheck(t.event_type, t.sub_event_type)),
    check('events_precision_ck', oneOf(t.date_precision, DATE_PRECISIONS)),
    check('events_dates_ck', sql`${isoDate(t.date_start)} AND ${isoDate(t.date_end)} AND ${t.date_start} <= ${t.date_end}`),
    check('events_geo_precision_ck', sql`${t.geo_precision} IS NULL OR ${t.geo_precision} IN (1, 2, 3)`),
  ],
);

export const eventActors = sqliteTable(
  'event_actors',
  {
    event_id: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    actor_id: integer()
      .notNull()
      .references(() => actors.id),
    role: text({ enum: ACTOR_ROLES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.event_id, t.actor_id, t.role] }),
    index('event_actors_actor_idx').on(t.actor_id, t.event_id),
    check('event_actors_role_ck', oneOf(t.role, ACTOR_ROLES)),
  ],
);

/**
 * The read model (src/db/read-model.ts): per published event, what a page of
 * events or an aggregate would otherwise recompute from its claims, casualty
 * reports and place path on every request. Written only by the read model, in
 * the same transaction as the change it follows.
 */
export const eventSummaries = sqliteTable(
  'event_summaries',
  {
    event_id: integer()
      .primaryKey()
      .references(() => events.id, { onDelete: 'cascade' }),
    claim_count: integer().notNull(),
    /** False when no claim gives a figure for the dead (the event's `fatalities` is null). */
    has_fatalities: integer({ mode: 'boolean' }).notNull(),
    fatalities_low: integer().notNull(),
    /** Null when a figure is open-ended or vague. */
    fatalities_high: integer(),
    /** The governorate the event's place lies in (the place itself when it is one); null for none. */
    admin1_id: integer(),
    /** The country, district and subdistrict the event's place lies in, like admin1_id. */
    country_id: integer(),
    admin2_id: integer(),
    admin3_id: integer(),
    /** The event's own actors as `[actor id, role]`, ordered by role, then id: names are read per page, so a rename rewrites no summary. */
    actor_roles: text({ mode: 'json' }).$type<[number, string][]>().notNull().default([]),
    /** The distinct claimants of the event's claims (actor ids). */
    claimant_ids: text({ mode: 'json' }).$type<number[]>().notNull().default([]),
    /** The distinct certainties of the event's claims, in text order. */
    certainties: text({ mode: 'json' }).$type<string[]>().notNull().default([]),
  },
  (t) => [index('event_summaries_admin1_idx').on(t.admin1_id)],
);

/**
 * The read model's closure tables (src/db/closures.ts): per published
 * event, every place it lies in (its location and each place containing it),
 * with the event's start date. The events in a place and every place inside it
 * are then one range of `event_place_closure_place_idx`, already in list order
 * (date_start, then id). Written only by the read model, in the same transaction
 * as the change it follows.
 *
 * Drizzle cannot declare a table WITHOUT ROWID, so the read path is a covering
 * index beside the table, and the primary key (event_id first) is what the
 * read model deletes an event's rows by. No foreign keys: a rebuild writes about
 * five rows an event and a check per row would seek `events` each time, and
 * the read model removes an event's rows itself when the event goes.
 */
export const eventPlaceClosure = sqliteTable(
  'event_place_closure',
  {
    event_id: integer().notNull(),
    place_id: integer().notNull(),
    date_start: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.event_id, t.place_id] }),
    index('event_place_closure_place_idx').on(t.place_id, t.date_start, t.event_id),
  ],
);

/**
 * Per published event, every actor it involves directly or through a
 * sub-actor, with the event's start date and on which sides: the events of an
 * actor and its sub-actors are one range of `event_actor_closure_actor_idx` in
 * list order. `sides` has bit 1 when the actor or one below it is on the first
 * side (actor1, assoc_actor_1) and bit 2 for the second (actor2,
 * assoc_actor_2); `own_sides` the same for the actor itself (0 when it is
 * involved only through sub-actors), so `actor_role` and `actor_scope=exact`
 * are conditions on the index entry itself.
 */
export const eventActorClosure = sqliteTable(
  'event_actor_closure',
  {
    event_id: integer().notNull(),
    actor_id: integer().notNull(),
    date_start: text().notNull(),
    sides: integer().notNull(),
    own_sides: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.event_id, t.actor_id] }),
    index('event_actor_closure_actor_idx').on(t.actor_id, t.date_start, t.event_id, t.sides, t.own_sides),
  ],
);

export const claims = sqliteTable(
  'claims',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    key: text().notNull(),
    article_id: integer()
      .notNull()
      .references(() => articles.id),
    claimant_id: integer()
      .notNull()
      .references(() => actors.id),
    /** The article's own words for the claimant; null when the outlet speaks in its own voice. */
    claimant_text: text(),
    quote: text().notNull(),
    quote_start: integer().notNull(),
    quote_end: integer().notNull(),
    statement_en: text().notNull(),
    claim_type: text({ enum: CLAIM_TYPES }).notNull(),
    certainty: text({ enum: CERTAINTIES }).notNull(),
    note: text(),
  },
  (t) => [
    uniqueIndex('claims_key_uq').on(t.key),
    index('claims_article_idx').on(t.article_id, t.quote_start),
    index('claims_claimant_idx').on(t.claimant_id),
    index('claims_type_idx').on(t.claim_type),
    check('claims_offsets_ck', sql`${t.quote_start} >= 0 AND ${t.quote_start} < ${t.quote_end}`),
    check('claims_type_ck', oneOf(t.claim_type, CLAIM_TYPES)),
    check('claims_certainty_ck', oneOf(t.certainty, CERTAINTIES)),
  ],
);

export const claimEvents = sqliteTable(
  'claim_events',
  {
    claim_id: integer()
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    event_id: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.claim_id, t.event_id] }), index('claim_events_event_idx').on(t.event_id, t.claim_id)],
);

export const casualtyReports = sqliteTable(
  'casualty_reports',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    key: text().notNull(),
    claim_id: integer().notNull(),
    event_id: integer().notNull(),
    victim_actor_id: integer().references(() => actors.id),
    victim_group: text(),
    outcome: text({ enum: OUTCOMES }).notNull(),
    count_low: integer(),
    count_high: integer(),
    qualifier: text({ enum: QUALIFIERS }).notNull(),
    /** The article's own words for a figure it does not give as a number. */
    vague_text: text(),
    /** The report this one is a subset of ("including 7 children"). */
    subset_of_id: integer().references((): AnySQLiteColumn => casualtyReports.id),
    note: text(),
  },
  (t) => [
    uniqueIndex('casualty_reports_key_uq').on(t.key),
    // A figure belongs to an event its own claim supports.
    foreignKey({ columns: [t.claim_id, t.event_id], foreignColumns: [claimEvents.claim_id, claimEvents.event_id] }).onDelete('cascade'),
    index('casualty_reports_claim_idx').on(t.claim_id),
    index('casualty_reports_event_idx').on(t.event_id),
    index('casualty_reports_victim_idx').on(t.victim_actor_id),
    index('casualty_reports_outcome_idx').on(t.outcome, t.event_id),
    check('casualty_reports_outcome_ck', oneOf(t.outcome, OUTCOMES)),
    check('casualty_reports_qualifier_ck', oneOf(t.qualifier, QUALIFIERS)),
    check('casualty_reports_victim_ck', sql`${t.victim_actor_id} IS NOT NULL OR ${t.victim_group} IS NOT NULL`),
    check(
      'casualty_reports_counts_ck',
      sql`(${t.qualifier} = 'vague' AND ${t.count_low} IS NULL AND ${t.count_high} IS NULL AND ${t.vague_text} IS NOT NULL)
        OR (${t.qualifier} <> 'vague' AND ${t.count_low} >= 0 AND (${t.count_high} IS NULL OR ${t.count_high} >= ${t.count_low}))`,
    ),
  ],
);

/**
 * A number an article states that is not one event's casualty figure: a toll
 * over a campaign or period, a territory share, a force size, people or things
 * counted. It belongs to its claim only, so it never reaches an event's
 * fatalities or the ACLED export.
 */
export const figures = sqliteTable(
  'figures',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    key: text().notNull(),
    claim_id: integer()
      .notNull()
      .references(() => claims.id, { onDelete: 'cascade' }),
    /** What is counted, in English ("civilians killed by coalition strikes in the Raqqa campaign"). */
    what: text().notNull(),
    unit: text().notNull(),
    count_low: real(),
    count_high: real(),
    qualifier: text({ enum: QUALIFIERS }).notNull(),
    vague_text: text(),
    outcome: text({ enum: OUTCOMES }),
    victim_actor_id: integer().references(() => actors.id),
    victim_group: text(),
    place_id: integer().references(() => locations.id),
    period_start: text(),
    period_end: text(),
    note: text(),
  },
  (t) => [
    uniqueIndex('figures_key_uq').on(t.key),
    index('figures_claim_idx').on(t.claim_id),
    index('figures_place_idx').on(t.place_id),
    check('figures_qualifier_ck', oneOf(t.qualifier, QUALIFIERS)),
    check('figures_outcome_ck', sql`${t.outcome} IS NULL OR ${oneOf(t.outcome, OUTCOMES)}`),
    check(
      'figures_counts_ck',
      sql`(${t.qualifier} = 'vague' AND ${t.count_low} IS NULL AND ${t.count_high} IS NULL AND ${t.vague_text} IS NOT NULL)
        OR (${t.qualifier} <> 'vague' AND ${t.count_low} >= 0 AND (${t.count_high} IS NULL OR ${t.count_high} >= ${t.count_low}))`,
    ),
    check(
      'figures_period_ck',
      sql`(${t.period_start} IS NULL OR ${isoDate(t.period_start)}) AND (${t.period_end} IS NULL OR ${isoDate(t.period_end)})`,
    ),
  ],
);

/** API keys: the key itself is never stored, only its scrypt hash; `key_id` (public, in the key) finds the row. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    name: text().notNull(),
    role: text({ enum: ['coder', 'editor', 'admin'] }).notNull(),
    key_id: text().notNull(),
    /** `scrypt$N$salt$hash`, salt and hash base64url. */
    hash: text().notNull(),
    created_at: text().notNull(),
    revoked_at: text(),
    expires_at: text(),
  },
  (t) => [
    uniqueIndex('api_keys_name_uq').on(t.name),
    uniqueIndex('api_keys_key_id_uq').on(t.key_id),
    check('api_keys_role_ck', sql`${t.role} IN ('coder', 'editor', 'admin')`),
  ],
);

/**
 * Records written through the API that public reads must not see: drafts
 * (until an editor publishes them into their table, under the same id) and
 * retractions (removed from their table, kept here with the reason). A
 * published record has no row here.
 */
export const records = sqliteTable(
  'records',
  {
    resource: text().notNull(),
    id: integer().notNull(),
    status: text({ enum: ['draft', 'retracted'] }).notNull(),
    author: text().notNull(),
    /** The record in the shape the write endpoints take (JSON). */
    body: text().notNull(),
    reason: text(),
  },
  (t) => [primaryKey({ columns: [t.resource, t.id] }), check('records_status_ck', sql`${t.status} IN ('draft', 'retracted')`)],
);

/** Every write through the API, in commit order: the history of each record and the changes feed. */
export const changes = sqliteTable(
  'changes',
  {
    seq: integer().primaryKey({ autoIncrement: true }),
    at: text().notNull(),
    by: text().notNull(),
    resource: text().notNull(),
    record_id: integer().notNull(),
    version: integer().notNull(),
    action: text({ enum: ['created', 'updated', 'published', 'retracted'] }).notNull(),
    reason: text(),
    /** The record as it was after the write (JSON, with its status). */
    record: text().notNull(),
    /** 1 when the change is to published data (it is in GET /changes). */
    public: integer().notNull(),
  },
  (t) => [
    uniqueIndex('changes_record_version_uq').on(t.resource, t.record_id, t.version),
    index('changes_public_idx').on(t.public, t.seq),
    check('changes_action_ck', sql`${t.action} IN ('created', 'updated', 'published', 'retracted')`),
  ],
);

/** The first answer to a POST with an Idempotency-Key, per key holder, so a retry gets it again. */
export const idempotency = sqliteTable(
  'idempotency',
  {
    key_name: text().notNull(),
    idempotency_key: text().notNull(),
    request_hash: text().notNull(),
    status: integer().notNull(),
    response: text().notNull(),
    location: text(),
  },
  (t) => [primaryKey({ columns: [t.key_name, t.idempotency_key] })],
);
