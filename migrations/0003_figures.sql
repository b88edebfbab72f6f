CREATE TABLE `figures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`claim_id` integer NOT NULL,
	`what` text NOT NULL,
	`unit` text NOT NULL,
	`count_low` real,
	`count_high` real,
	`qualifier` text NOT NULL,
	`vague_text` text,
	`outcome` text,
	`victim_actor_id` integer,
	`victim_group` text,
	`place_id` integer,
	`period_start` text,
	`period_end` text,
	`note` text,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`victim_actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`place_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "figures_qualifier_ck" CHECK("figures"."qualifier" IN ('exact', 'at_least', 'more_than', 'about', 'range', 'vague')),
	CONSTRAINT "figures_outcome_ck" CHECK("figures"."outcome" IS NULL OR "figures"."outcome" IN ('killed', 'injured', 'killed_or_injured', 'captured', 'detained', 'displaced', 'evacuated', 'executed', 'missing')),
	CONSTRAINT "figures_counts_ck" CHECK(("figures"."qualifier" = 'vague' AND "figures"."count_low" IS NULL AND "figures"."count_high" IS NULL AND "figures"."vague_text" IS NOT NULL)
        OR ("figures"."qualifier" <> 'vague' AND "figures"."count_low" >= 0 AND ("figures"."count_high" IS NULL OR "figures"."count_high" >= "figures"."count_low"))),
	CONSTRAINT "figures_period_ck" CHECK(("figures"."period_start" IS NULL OR "figures"."period_start" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]') AND ("figures"."period_end" IS NULL OR "figures"."period_end" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `figures_key_uq` ON `figures` (`key`);--> statement-breakpoint
CREATE INDEX `figures_claim_idx` ON `figures` (`claim_id`);--> statement-breakpoint
CREATE INDEX `figures_place_idx` ON `figures` (`place_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_locations` (
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
	CONSTRAINT "locations_kind_ck" CHECK("__new_locations"."kind" IN ('country', 'governorate', 'district', 'subdistrict', 'city', 'town', 'village', 'neighbourhood', 'site', 'camp', 'road', 'crossing', 'region', 'river', 'mountain', 'border')),
	CONSTRAINT "locations_coord_source_ck" CHECK("__new_locations"."coord_source" IN ('gazetteer', 'parent', 'capital', 'none')),
	CONSTRAINT "locations_geo_precision_ck" CHECK("__new_locations"."geo_precision" IS NULL OR "__new_locations"."geo_precision" IN (1, 2, 3)),
	CONSTRAINT "locations_lat_ck" CHECK("__new_locations"."lat" IS NULL OR "__new_locations"."lat" BETWEEN -90 AND 90),
	CONSTRAINT "locations_lon_ck" CHECK("__new_locations"."lon" IS NULL OR "__new_locations"."lon" BETWEEN -180 AND 180),
	CONSTRAINT "locations_coords_ck" CHECK(("__new_locations"."lat" IS NULL) = ("__new_locations"."lon" IS NULL) AND ("__new_locations"."lat" IS NULL) = ("__new_locations"."coord_source" = 'none')),
	CONSTRAINT "locations_gazetteer_ck" CHECK("__new_locations"."coord_source" <> 'gazetteer' OR "__new_locations"."geonames_id" IS NOT NULL),
	CONSTRAINT "locations_not_own_parent_ck" CHECK("__new_locations"."parent_id" IS NULL OR "__new_locations"."parent_id" <> "__new_locations"."id")
);
--> statement-breakpoint
INSERT INTO `__new_locations`("id", "key", "name", "name_ar", "kind", "parent_id", "lat", "lon", "geo_precision", "coord_source", "geonames_id", "pcode", "note") SELECT "id", "key", "name", "name_ar", "kind", "parent_id", "lat", "lon", "geo_precision", "coord_source", "geonames_id", "pcode", "note" FROM `locations`;--> statement-breakpoint
DROP TABLE `locations`;--> statement-breakpoint
ALTER TABLE `__new_locations` RENAME TO `locations`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `locations_key_uq` ON `locations` (`key`);--> statement-breakpoint
CREATE INDEX `locations_parent_idx` ON `locations` (`parent_id`);--> statement-breakpoint
ALTER TABLE `articles` ADD `published_basis` text;