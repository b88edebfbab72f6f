/**
 * What failures look like: every 4xx/5xx is an RFC 9457 problem, which the
 * client throws as a ProblemError carrying the typed `problem`.
 *
 *   npx tsx examples/errors.ts [BASE_URL]
 */
import { createClient, ProblemError } from 'syria-claims-api/client';

const baseUrl = process.argv[2] ?? process.env.API_URL ?? 'http://127.0.0.1:3000';
const api = createClient({ baseUrl });

async function show(label: string, call: () => Promise<unknown>) {
  try {
    await call();
    console.log(`${label}: no error`);
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    const { status, title, detail, errors } = error.problem;
    console.log(`${label}: ${status} ${title}: ${detail}`);
    for (const e of errors ?? []) console.log(`  ${e.param}: ${e.message}`);
  }
}

await show('a date that does not exist', () => api.get('/events', { query: { from: '2017-02-30' } }));
await show('an unknown event id', () => api.get('/events/{id}', { path: { id: 987654321 } }));

// An unknown name is not an error: the list is empty and meta.unmatched says which name matched nothing.
const page = await api.get('/events', { query: { actor: 'Atlantis Liberation Front' } });
console.log(`an unknown actor name: ${page.data.length} events; meta.unmatched = ${JSON.stringify(page.meta.unmatched)}`);
