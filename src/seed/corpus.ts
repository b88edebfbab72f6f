import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import {
  type actorSeed,
  articleSeed,
  type extraAliasSeed,
  type locationSeed,
  type ParsedArticleSeed,
  type ParsedRegistrySeed,
  registrySeed,
} from './format.js';
import { SEED_DIR } from './source.js';

export { SEED_DIR };

type ActorSeed = z.output<typeof actorSeed>;
type LocationSeed = z.output<typeof locationSeed>;
type ExtraAlias = z.output<typeof extraAliasSeed>;

export interface CorpusArticle {
  seed: ParsedArticleSeed;
  /** The article text, NFC-normalised: the string quote offsets index into. */
  text: string;
}

/** Everything the seed holds, validated and cross-checked, ready to write. */
export interface Corpus {
  actors: ActorSeed[];
  locations: LocationSeed[];
  extraAliases: ExtraAlias[];
  articles: CorpusArticle[];
}

export class SeedError extends Error {
  constructor(readonly problems: string[]) {
    super(`the seed data has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    this.name = 'SeedError';
  }
}

function formatZodError(where: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${where}: ${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
}

/** Reads the registry and every article data file under `dir` (default: the project's seed/). */
export async function readCorpusFiles(dir = SEED_DIR, only?: string[]): Promise<{ registry: unknown; articles: [string, unknown][] }> {
  const registry = (await import(pathToFileURL(join(dir, 'registry.ts')).href)).default;
  const files = readdirSync(join(dir, 'data'))
    .filter((f) => /^\d{3}\.ts$/.test(f))
    .filter((f) => !only || only.includes(f.slice(0, 3)))
    .sort();
  const articles: [string, unknown][] = [];
  for (const f of files) {
    articles.push([f, (await import(pathToFileURL(join(dir, 'data', f)).href)).default]);
  }
  return { registry, articles };
}

/**
 * Parses and cross-checks raw seed data: every key resolves, nothing is defined
 * twice, parents form no cycle, and every quote equals the article text at its
 * offsets. Collects every problem before failing, so one run shows them all.
 */
export function buildCorpus(raw: { registry: unknown; articles: [string, unknown][] }, dir = SEED_DIR): Corpus {
  const problems: string[] = [];
  const reg = registrySeed.safeParse(raw.registry);
  if (!reg.success) problems.push(...formatZodError('registry.ts', reg.error));
  const registry: ParsedRegistrySeed = reg.success ? reg.data : { actors: [], locations: [] };

  const actors = new Map<string, ActorSeed>();
  const locations = new Map<string, LocationSeed>();
  const define = <T extends { key: string }>(map: Map<string, T>, what: string, item: T, where: string) => {
    if (map.has(item.key)) problems.push(`${where}: ${what} '${item.key}' is defined twice`);
    else map.set(item.key, item);
  };
  for (const a of registry.actors) define(actors, 'actor', a, 'registry.ts');
  for (const l of registry.locations) define(locations, 'location', l, 'registry.ts');

  const articles: CorpusArticle[] = [];
  const extraAliases: ExtraAlias[] = [];
  for (const [file, data] of raw.articles) {
    const parsed = articleSeed.safeParse(data);
    if (!parsed.success) {
      problems.push(...formatZodError(`data/${file}`, parsed.error));
      continue;
    }
    const seed = parsed.data;
    for (const a of seed.actors) define(actors, 'actor', a, `data/${file}`);
    for (const l of seed.locations) define(locations, 'location', l, `data/${file}`);
    extraAliases.push(...seed.extra_aliases);
    let text: string;
    try {
      text = readFileSync(join(dir, 'articles', seed.file_name), 'utf8').normalize('NFC');
    } catch {
      problems.push(`data/${file}: article file articles/${seed.file_name} cannot be read`);
      continue;
    }
    articles.push({ seed, text });
  }

  const events = new Map<string, string>();
  for (const { seed } of articles) {
    for (const ev of seed.events) {
      if (events.has(ev.key)) problems.push(`${seed.file_name}: event '${ev.key}' is defined twice`);
      events.set(ev.key, seed.file_name);
    }
  }

  const need = (map: Map<string, unknown>, what: string, k: string | null | undefined, where: string) => {
    if (k != null && !map.has(k)) problems.push(`${where}: unknown ${what} '${k}'`);
  };
  for (const a of actors.values()) need(actors, 'actor', a.parent, `actor ${a.key} parent`);
  for (const l of locations.values()) {
    need(locations, 'location', l.parent, `location ${l.key} parent`);
    need(locations, 'location', l.capital, `location ${l.key} capital`);
    const capital = l.capital ? locations.get(l.capital) : undefined;
    if (capital && capital.coord_source !== 'gazetteer')
      problems.push(`location ${l.key}: its capital ${capital.key} has no gazetteer entry`);
  }
  for (const x of extraAliases) {
    need(actors, 'actor', x.actor, `extra alias '${x.text}'`);
    need(locations, 'location', x.location, `extra alias '${x.text}'`);
  }
  problems.push(...findCycles(actors, 'actor'), ...findCycles(locations, 'location'));

  const claimKeys = new Set<string>();
  for (const { seed, text } of articles) {
    const where = seed.file_name;
    need(actors, 'actor', seed.publisher_actor, `${where} publisher_actor`);
    for (const ev of seed.events) {
      need(locations, 'location', ev.location, `${where} event ${ev.key} location`);
      for (const a of ev.actors) need(actors, 'actor', a.actor, `${where} event ${ev.key}`);
    }
    for (const c of seed.claims) {
      if (claimKeys.has(c.key)) problems.push(`${where}: claim '${c.key}' is defined twice`);
      claimKeys.add(c.key);
      need(actors, 'actor', c.claimant, `${where} claim ${c.key} claimant`);
      for (const e of c.events) need(events, 'event', e, `${where} claim ${c.key}`);
      for (const cas of c.casualties) need(actors, 'actor', cas.victim_actor, `${where} claim ${c.key} casualty victim_actor`);
      for (const f of c.figures) {
        need(actors, 'actor', f.victim_actor, `${where} claim ${c.key} figure victim_actor`);
        need(locations, 'location', f.place, `${where} claim ${c.key} figure place`);
      }
      const problem = quoteMismatch(text, c);
      if (problem) problems.push(`${where} claim ${c.key}: ${problem}`);
    }
  }

  for (const { seed, text } of articles) {
    for (const n of seed.number_notes) {
      if (text.slice(n.at, n.at + n.text.length) !== n.text) {
        problems.push(`${seed.file_name} number note '${n.text}': not the article text at ${n.at} (it occurs at ${text.indexOf(n.text)})`);
      }
    }
  }

  if (problems.length > 0) throw new SeedError(problems);
  return { actors: [...actors.values()], locations: [...locations.values()], extraAliases, articles };
}

/** Explains how a claim's quote differs from the article text at its offsets, or returns null when it is exact. */
export function quoteMismatch(text: string, c: { quote: string; quote_start: number; quote_end: number }): string | null {
  const found = text.slice(c.quote_start, c.quote_end);
  if (found === c.quote) return null;
  const at = text.indexOf(c.quote);
  const hint = at >= 0 ? ` (the quote occurs at [${at}, ${at + c.quote.length}))` : ' (the quote does not occur in the article)';
  return `quote does not match the article text at [${c.quote_start}, ${c.quote_end}): expected ${JSON.stringify(c.quote)}, the article has ${JSON.stringify(found)}${hint}`;
}

function findCycles(map: Map<string, { key: string; parent: string | null }>, what: string): string[] {
  const problems: string[] = [];
  for (const start of map.values()) {
    const seen = new Set<string>();
    let cur: { key: string; parent: string | null } | undefined = start;
    while (cur?.parent) {
      if (seen.has(cur.key)) {
        problems.push(`${what} '${start.key}': its parent chain loops`);
        break;
      }
      seen.add(cur.key);
      cur = map.get(cur.parent);
    }
  }
  return problems;
}

export async function loadCorpus(dir = SEED_DIR, only?: string[]): Promise<Corpus> {
  return buildCorpus(await readCorpusFiles(dir, only), dir);
}
