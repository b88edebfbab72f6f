/**
 * The card's question with the typed client: events involving ISIS (and its
 * sub-actors) anywhere in Deir ez-Zor, printed as a table.
 *
 *   npx tsx examples/card-query.ts [BASE_URL]
 */
import { createClient, type EventSummary } from 'syria-claims-api/client';

const baseUrl = process.argv[2] ?? process.env.API_URL ?? 'http://127.0.0.1:3000';
const api = createClient({ baseUrl });

const events: EventSummary[] = [];
for await (const event of api.all('/events', { actor: 'ISIS', place: 'Deir ez-Zor' })) events.push(event);

const fatalities = (e: EventSummary) => {
  if (!e.fatalities) return '';
  const { low, high } = e.fatalities;
  if (high === null) return `${low}+`;
  return low === high ? String(low) : `${low}-${high}`;
};
const when = (e: EventSummary) => (e.date_start === e.date_end ? e.date_start : `${e.date_start}..${e.date_end}`);

const columns: [string, (e: EventSummary) => string][] = [
  ['id', (e) => String(e.id)],
  ['date', when],
  ['sub_event_type', (e) => e.sub_event_type],
  ['location', (e) => e.location.name],
  [
    'actor1',
    (e) =>
      e.actors
        .filter((a) => a.role === 'actor1')
        .map((a) => a.name)
        .join('; '),
  ],
  [
    'actor2',
    (e) =>
      e.actors
        .filter((a) => a.role === 'actor2')
        .map((a) => a.name)
        .join('; '),
  ],
  ['killed', fatalities],
  ['claims', (e) => String(e.claim_count)],
];

const cells = events.map((e) => columns.map(([, value]) => value(e)));
const widths = columns.map(([title], i) => Math.min(40, Math.max(title.length, ...cells.map((row) => row[i]?.length ?? 0))));
const line = (row: string[]) =>
  row
    .map((cell, i) => {
      const width = widths[i] ?? 0;
      return cell.length > width ? `${cell.slice(0, width - 1)}…` : cell.padEnd(width);
    })
    .join(' | ')
    .trimEnd();

console.log(line(columns.map(([title]) => title)));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const row of cells) console.log(line(row));
console.log(`\n${events.length} events involving ISIS in Deir ez-Zor`);
