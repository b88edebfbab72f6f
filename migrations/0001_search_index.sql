-- Full-text search over event summaries and claim quotes and statements.
-- Contentless FTS5 tables keyed by the event or claim id (rowid); the text is
-- folded by src/names/normalise.ts (foldForSearch) before it is indexed, so
-- Arabic harakat, hamza and alef forms, taa marbuta and the article match
-- however the user writes them. The application keeps them in step with
-- events and claims (src/search/index.ts).
CREATE VIRTUAL TABLE `search_events` USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_claims` USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
