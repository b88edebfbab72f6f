CREATE TABLE `actor_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` integer NOT NULL,
	`alias` text NOT NULL,
	`lang` text NOT NULL,
	`norm_key` text NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "actor_aliases_lang_ck" CHECK("actor_aliases"."lang" IN ('ar', 'en'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actor_aliases_actor_alias_uq` ON `actor_aliases` (`actor_id`,`alias`);--> statement-breakpoint
CREATE INDEX `actor_aliases_norm_idx` ON `actor_aliases` (`norm_key`,`actor_id`);--> statement-breakpoint
CREATE TABLE `actors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`name_ar` text,
	`kind` text NOT NULL,
	`parent_id` integer,
	`note` text,
	FOREIGN KEY (`parent_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "actors_kind_ck" CHECK("actors"."kind" IN ('state', 'state_forces', 'rebel_group', 'political_militia', 'identity_militia', 'external_force', 'international_coalition', 'armed_group', 'unidentified_armed_group', 'civilians', 'media', 'monitoring_group', 'civil_body', 'international_organisation', 'person', 'unnamed_source')),
	CONSTRAINT "actors_not_own_parent_ck" CHECK("actors"."parent_id" IS NULL OR "actors"."parent_id" <> "actors"."id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `actors_key_uq` ON `actors` (`key`);--> statement-breakpoint
CREATE INDEX `actors_parent_idx` ON `actors` (`parent_id`);--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_name` text NOT NULL,
	`title` text NOT NULL,
	`text` text NOT NULL,
	`language` text NOT NULL,
	`publisher` text,
	`publisher_actor_id` integer,
	`published_start` text NOT NULL,
	`published_end` text NOT NULL,
	`published_precision` text NOT NULL,
	`published_note` text NOT NULL,
	FOREIGN KEY (`publisher_actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "articles_language_ck" CHECK("articles"."language" IN ('ar', 'en')),
	CONSTRAINT "articles_precision_ck" CHECK("articles"."published_precision" IN ('day', 'week', 'month', 'year', 'range', 'unknown')),
	CONSTRAINT "articles_dates_ck" CHECK("articles"."published_start" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND "articles"."published_end" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND "articles"."published_start" <= "articles"."published_end")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_file_name_uq` ON `articles` (`file_name`);--> statement-breakpoint
CREATE INDEX `articles_published_idx` ON `articles` (`published_start`,`id`);--> statement-breakpoint
CREATE TABLE `casualty_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`claim_id` integer NOT NULL,
	`event_id` integer NOT NULL,
	`victim_actor_id` integer,
	`victim_group` text,
	`outcome` text NOT NULL,
	`count_low` integer,
	`count_high` integer,
	`qualifier` text NOT NULL,
	`vague_text` text,
	`subset_of_id` integer,
	`note` text,
	FOREIGN KEY (`victim_actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`subset_of_id`) REFERENCES `casualty_reports`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claim_id`,`event_id`) REFERENCES `claim_events`(`claim_id`,`event_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "casualty_reports_outcome_ck" CHECK("casualty_reports"."outcome" IN ('killed', 'injured', 'killed_or_injured', 'captured', 'detained', 'displaced', 'evacuated', 'executed', 'missing')),
	CONSTRAINT "casualty_reports_qualifier_ck" CHECK("casualty_reports"."qualifier" IN ('exact', 'at_least', 'more_than', 'about', 'range', 'vague')),
	CONSTRAINT "casualty_reports_victim_ck" CHECK("casualty_reports"."victim_actor_id" IS NOT NULL OR "casualty_reports"."victim_group" IS NOT NULL),
	CONSTRAINT "casualty_reports_counts_ck" CHECK(("casualty_reports"."qualifier" = 'vague' AND "casualty_reports"."count_low" IS NULL AND "casualty_reports"."count_high" IS NULL AND "casualty_reports"."vague_text" IS NOT NULL)
        OR ("casualty_reports"."qualifier" <> 'vague' AND "casualty_reports"."count_low" >= 0 AND ("casualty_reports"."count_high" IS NULL OR "casualty_reports"."count_high" >= "casualty_reports"."count_low")))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `casualty_reports_key_uq` ON `casualty_reports` (`key`);--> statement-breakpoint
CREATE INDEX `casualty_reports_claim_idx` ON `casualty_reports` (`claim_id`);--> statement-breakpoint
CREATE INDEX `casualty_reports_event_idx` ON `casualty_reports` (`event_id`);--> statement-breakpoint
CREATE INDEX `casualty_reports_victim_idx` ON `casualty_reports` (`victim_actor_id`);--> statement-breakpoint
CREATE INDEX `casualty_reports_outcome_idx` ON `casualty_reports` (`outcome`,`event_id`);--> statement-breakpoint
CREATE TABLE `claim_events` (
	`claim_id` integer NOT NULL,
	`event_id` integer NOT NULL,
	PRIMARY KEY(`claim_id`, `event_id`),
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `claim_events_event_idx` ON `claim_events` (`event_id`,`claim_id`);--> statement-breakpoint
CREATE TABLE `claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`article_id` integer NOT NULL,
	`claimant_id` integer NOT NULL,
	`claimant_text` text,
	`quote` text NOT NULL,
	`quote_start` integer NOT NULL,
	`quote_end` integer NOT NULL,
	`statement_en` text NOT NULL,
	`claim_type` text NOT NULL,
	`certainty` text NOT NULL,
	`note` text,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`claimant_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "claims_offsets_ck" CHECK("claims"."quote_start" >= 0 AND "claims"."quote_start" < "claims"."quote_end"),
	CONSTRAINT "claims_type_ck" CHECK("claims"."claim_type" IN ('event_report', 'casualty_report', 'territorial_control', 'statement', 'assessment', 'forecast', 'denial', 'background', 'headline')),
	CONSTRAINT "claims_certainty_ck" CHECK("claims"."certainty" IN ('asserted', 'alleged', 'suspected', 'denied', 'assessment', 'forecast'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claims_key_uq` ON `claims` (`key`);--> statement-breakpoint
CREATE INDEX `claims_article_idx` ON `claims` (`article_id`,`quote_start`);--> statement-breakpoint
CREATE INDEX `claims_claimant_idx` ON `claims` (`claimant_id`);--> statement-breakpoint
CREATE INDEX `claims_type_idx` ON `claims` (`claim_type`);--> statement-breakpoint
CREATE TABLE `event_actors` (
	`event_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`event_id`, `actor_id`, `role`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "event_actors_role_ck" CHECK("event_actors"."role" IN ('actor1', 'actor2', 'assoc_actor_1', 'assoc_actor_2'))
);
--> statement-breakpoint
CREATE INDEX `event_actors_actor_idx` ON `event_actors` (`actor_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`date_start` text NOT NULL,
	`date_end` text NOT NULL,
	`date_precision` text NOT NULL,
	`date_note` text NOT NULL,
	`event_type` text NOT NULL,
	`sub_event_type` text NOT NULL,
	`location_id` integer NOT NULL,
	`geo_precision` integer,
	`summary_en` text NOT NULL,
	`summary_ar` text,
	`note` text,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "events_taxonomy_ck" CHECK(("events"."event_type" IN ('Battles') AND "events"."sub_event_type" IN ('Armed clash', 'Government regains territory', 'Non-state actor overtakes territory')) OR ("events"."event_type" IN ('Explosions/Remote violence') AND "events"."sub_event_type" IN ('Chemical weapon', 'Air/drone strike', 'Suicide bomb', 'Shelling/artillery/missile attack', 'Remote explosive/landmine/IED', 'Grenade')) OR ("events"."event_type" IN ('Violence against civilians') AND "events"."sub_event_type" IN ('Sexual violence', 'Attack', 'Abduction/forced disappearance')) OR ("events"."event_type" IN ('Protests') AND "events"."sub_event_type" IN ('Peaceful protest', 'Protest with intervention', 'Excessive force against protesters')) OR ("events"."event_type" IN ('Riots') AND "events"."sub_event_type" IN ('Violent demonstration', 'Mob violence')) OR ("events"."event_type" IN ('Strategic developments') AND "events"."sub_event_type" IN ('Agreement', 'Arrests', 'Change to group/activity', 'Disrupted weapons use', 'Headquarters or base established', 'Looting/property destruction', 'Non-violent transfer of territory', 'Other'))),
	CONSTRAINT "events_precision_ck" CHECK("events"."date_precision" IN ('day', 'week', 'month', 'year', 'range', 'unknown')),
	CONSTRAINT "events_dates_ck" CHECK("events"."date_start" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND "events"."date_end" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND "events"."date_start" <= "events"."date_end"),
	CONSTRAINT "events_geo_precision_ck" CHECK("events"."geo_precision" IS NULL OR "events"."geo_precision" IN (1, 2, 3))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_key_uq` ON `events` (`key`);--> statement-breakpoint
CREATE INDEX `events_date_idx` ON `events` (`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `events_date_end_idx` ON `events` (`date_end`);--> statement-breakpoint
CREATE INDEX `events_location_idx` ON `events` (`location_id`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `events_type_idx` ON `events` (`event_type`,`date_start`,`id`);--> statement-breakpoint
CREATE INDEX `events_sub_type_idx` ON `events` (`sub_event_type`,`date_start`,`id`);--> statement-breakpoint
CREATE TABLE `location_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`location_id` integer NOT NULL,
	`alias` text NOT NULL,
	`lang` text NOT NULL,
	`norm_key` text NOT NULL,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "location_aliases_lang_ck" CHECK("location_aliases"."lang" IN ('ar', 'en'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `location_aliases_location_alias_uq` ON `location_aliases` (`location_id`,`alias`);--> statement-breakpoint
CREATE INDEX `location_aliases_norm_idx` ON `location_aliases` (`norm_key`,`location_id`);--> statement-breakpoint
CREATE TABLE `locations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`name_ar` text,
	`kind` text NOT NULL,
	`parent_id` integer,
	`lat` real,
	`lon` real,
	`geo_precision` integer,
	`coord_source` text NOT NULL,
	`geonames_id` integer,
	`pcode` text,
	`note` text,
	FOREIGN KEY (`parent_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "locations_kind_ck" CHECK("locations"."kind" IN ('country', 'governorate', 'district', 'subdistrict', 'city', 'town', 'village', 'neighbourhood', 'site', 'camp', 'road', 'crossing', 'region', 'river', 'mountain', 'border')),
	CONSTRAINT "locations_coord_source_ck" CHECK("locations"."coord_source" IN ('gazetteer', 'parent', 'none')),
	CONSTRAINT "locations_geo_precision_ck" CHECK("locations"."geo_precision" IS NULL OR "locations"."geo_precision" IN (1, 2, 3)),
	CONSTRAINT "locations_lat_ck" CHECK("locations"."lat" IS NULL OR "locations"."lat" BETWEEN -90 AND 90),
	CONSTRAINT "locations_lon_ck" CHECK("locations"."lon" IS NULL OR "locations"."lon" BETWEEN -180 AND 180),
	CONSTRAINT "locations_coords_ck" CHECK(("locations"."lat" IS NULL) = ("locations"."lon" IS NULL) AND ("locations"."lat" IS NULL) = ("locations"."coord_source" = 'none')),
	CONSTRAINT "locations_gazetteer_ck" CHECK("locations"."coord_source" <> 'gazetteer' OR "locations"."geonames_id" IS NOT NULL),
	CONSTRAINT "locations_not_own_parent_ck" CHECK("locations"."parent_id" IS NULL OR "locations"."parent_id" <> "locations"."id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `locations_key_uq` ON `locations` (`key`);--> statement-breakpoint
CREATE INDEX `locations_parent_idx` ON `locations` (`parent_id`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
