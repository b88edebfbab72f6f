import Database from 'better-sqlite3';
import { type StatsBody, statsCeiling } from './stats-ceiling.js';

/** Stats URLs whose API answer is compared with the ceiling's: the first 10 cover each grouping with an actor and with a place. */
const CHECKED_URLS = 10;

export interface StatsCheck {
  urls: number;
  groups: number;
  mismatches: string[];
}

const figures = (body: StatsBody | null) =>
  new Map((body?.data ?? []).map((g) => [JSON.stringify(g.key), `${g.events}/${g.fatalities_low}/${g.fatalities_high} ${g.label}`]));

/**
 * The stats ceiling is fair only if it answers what the API answers: for the
 * scenario's first URLs, the API's groups (key, label, events, fatalities) and
 * matching events are compared with the ceiling's SQL run here on the same file.
 */
export async function checkStatsCeiling(paths: string[], port: number, dbFile: string): Promise<StatsCheck> {
  const sqlite = new Database(dbFile, { readonly: true, fileMustExist: true });
  const ceiling = statsCeiling(sqlite);
  const mismatches: string[] = [];
  let groups = 0;
  try {
    for (const path of paths.slice(0, CHECKED_URLS)) {
      const api = (await (await fetch(`http://127.0.0.1:${port}${path}`)).json()) as StatsBody;
      const raw = ceiling(Object.fromEntries(new URL(path, 'http://x').searchParams));
      const [want, got] = [figures(api), figures(raw)];
      groups += want.size;
      for (const key of new Set([...want.keys(), ...got.keys()]))
        if (want.get(key) !== got.get(key)) mismatches.push(`${path} key ${key}: API ${want.get(key)}, ceiling ${got.get(key)}`);
      if (api.meta?.events !== raw?.meta.events)
        mismatches.push(`${path} meta.events: API ${api.meta?.events}, ceiling ${raw?.meta.events}`);
    }
  } finally {
    sqlite.close();
  }
  return { urls: Math.min(CHECKED_URLS, paths.length), groups, mismatches };
}
