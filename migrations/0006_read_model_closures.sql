CREATE TABLE `event_actor_closure` (
	`event_id` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`date_start` text NOT NULL,
	`sides` integer NOT NULL,
	`own_sides` integer NOT NULL,
	PRIMARY KEY(`event_id`, `actor_id`)
);
--> statement-breakpoint
CREATE INDEX `event_actor_closure_actor_idx` ON `event_actor_closure` (`actor_id`,`date_start`,`event_id`,`sides`,`own_sides`);--> statement-breakpoint
CREATE TABLE `event_place_closure` (
	`event_id` integer NOT NULL,
	`place_id` integer NOT NULL,
	`date_start` text NOT NULL,
	PRIMARY KEY(`event_id`, `place_id`)
);
--> statement-breakpoint
CREATE INDEX `event_place_closure_place_idx` ON `event_place_closure` (`place_id`,`date_start`,`event_id`);