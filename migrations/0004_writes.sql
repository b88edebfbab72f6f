CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`key_id` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` text NOT NULL,
	`revoked_at` text,
	`expires_at` text,
	CONSTRAINT "api_keys_role_ck" CHECK("api_keys"."role" IN ('coder', 'editor', 'admin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_name_uq` ON `api_keys` (`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_id_uq` ON `api_keys` (`key_id`);--> statement-breakpoint
CREATE TABLE `changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`by` text NOT NULL,
	`resource` text NOT NULL,
	`record_id` integer NOT NULL,
	`version` integer NOT NULL,
	`action` text NOT NULL,
	`reason` text,
	`record` text NOT NULL,
	`public` integer NOT NULL,
	CONSTRAINT "changes_action_ck" CHECK("changes"."action" IN ('created', 'updated', 'published', 'retracted'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `changes_record_version_uq` ON `changes` (`resource`,`record_id`,`version`);--> statement-breakpoint
CREATE INDEX `changes_public_idx` ON `changes` (`public`,`seq`);--> statement-breakpoint
CREATE TABLE `idempotency` (
	`key_name` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`location` text,
	PRIMARY KEY(`key_name`, `idempotency_key`)
);
--> statement-breakpoint
CREATE TABLE `records` (
	`resource` text NOT NULL,
	`id` integer NOT NULL,
	`status` text NOT NULL,
	`author` text NOT NULL,
	`body` text NOT NULL,
	`reason` text,
	PRIMARY KEY(`resource`, `id`),
	CONSTRAINT "records_status_ck" CHECK("records"."status" IN ('draft', 'retracted'))
);
