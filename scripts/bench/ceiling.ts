import type { Scenario } from './scenarios.js';

/**
 * The ceiling's URL for each of a scenario's first CEILING_URLS URLs: the API
 * answers it once (as JSON) and the ceiling reads the same rows by id.
 */
export const CEILING_URLS = 100;

export async function ceilingPaths(s: Scenario, port: number): Promise<string[] | null> {
  if (s.key === 'stats') return null;
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
