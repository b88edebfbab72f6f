import type { Scenario } from './scenarios.js';

/**
 * The ceiling's URL for each of a scenario's first CEILING_URLS URLs: the API
 * answers it once (as JSON) and the ceiling reads the same rows by id.
 */
export const CEILING_URLS = 100;

export async function ceilingPaths(s: Scenario, port: number): Promise<string[]> {
  // Stats need no id from the API: the ceiling takes every URL, since the first 100 would be its 100 busiest actors and places.
  if (s.key === 'stats') return s.paths.map((path) => path.replace('/events/stats?', '/raw/stats?'));
  const out: string[] = [];
  for (const path of s.paths.slice(0, CEILING_URLS)) {
    if (s.key === 'event') {
      out.push(path.replace('/events/', '/raw/event/'));
      continue;
    }
    const res = await fetch(`http://127.0.0.1:${port}${path.replace('format=csv', 'format=json')}`);
    const ids = ((await res.json()) as { data?: { id: number }[] }).data?.map((r) => r.id) ?? [];
    const table =
      s.key === 'claims' ? 'claims' : s.key === 'casualty_reports' ? 'casualty_reports' : s.key === 'figures' ? 'figures' : 'events';
    out.push(`/raw/${table}?ids=${ids.join(',')}`);
  }
  return out;
}
