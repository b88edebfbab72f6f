CREATE TABLE `event_summaries` (
	`event_id` integer PRIMARY KEY NOT NULL,
	`claim_count` integer NOT NULL,
	`has_fatalities` integer NOT NULL,
	`fatalities_low` integer NOT NULL,
	`fatalities_high` integer,
	`admin1_id` integer,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_summaries_admin1_idx` ON `event_summaries` (`admin1_id`);