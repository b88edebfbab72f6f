/**
 * Pages through every event, following `meta.next_cursor` (the client's
 * `pages()` does the following), and checks the pages add up to `meta.total`.
 *
 *   npx tsx examples/page-through.ts [BASE_URL] [PAGE_SIZE]
 */
import { createClient } from 'syria-claims-api/client';

const baseUrl = process.argv[2] ?? process.env.API_URL ?? 'http://127.0.0.1:3000';
const limit = Number(process.argv[3] ?? 50);
const api = createClient({ baseUrl });

let pageNumber = 0;
let seen = 0;
let total = 0;
for await (const page of api.pages('/events', { limit })) {
  pageNumber++;
  seen += page.data.length;
  total = page.meta.total;
  const first = page.data[0];
  const last = page.data[page.data.length - 1];
  console.log(
    `page ${pageNumber}: ${page.data.length} events, ids ${first?.id}..${last?.id}, dates ${first?.date_start}..${last?.date_start}` +
      (page.meta.next_cursor ? '' : ' (last page)'),
  );
}
console.log(`${seen} events in ${pageNumber} pages; meta.total = ${total}`);
if (seen !== total) {
  console.error('the pages do not add up to meta.total');
  process.exitCode = 1;
}
