ALTER TABLE `event_summaries` ADD `country_id` integer;--> statement-breakpoint
ALTER TABLE `event_summaries` ADD `admin2_id` integer;--> statement-breakpoint
ALTER TABLE `event_summaries` ADD `admin3_id` integer;--> statement-breakpoint
ALTER TABLE `event_summaries` ADD `actor_roles` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `event_summaries` ADD `claimant_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `event_summaries` ADD `certainties` text DEFAULT '[]' NOT NULL;