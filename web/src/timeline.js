import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/**
 * Events and fatalities per month (from /events/stats?group_by=month), as two
 * rows of bars over one month axis, each bar titled with its exact numbers.
 * Months without events are drawn empty, so gaps in time read as gaps.
 */
export function timeline(box, rows) {
  if (rows.length === 0) {
    box.replaceChildren(h('figcaption', null, 'No events by month for these filters.'));
    return;
  }
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const months = [];
  const [y0, m0] = rows[0].key.split('-').map(Number);
  const [y1, m1] = rows[rows.length - 1].key.split('-').map(Number);
  for (let i = y0 * 12 + m0 - 1; i <= y1 * 12 + m1 - 1; i++) {
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  }
  const width = 600;
  const band = 70;
  const bar = width / months.length;
  const maxEvents = Math.max(...rows.map((r) => r.events), 1);
  const maxDead = Math.max(...rows.map((r) => r.fatalities_high ?? r.fatalities_low ?? 0), 1);
  const svg = s('svg', { viewBox: `0 0 ${width} ${2 * band + 30}`, role: 'img', 'aria-labelledby': 'timeline-caption' });
  months.forEach((key, i) => {
    const r = byKey.get(key);
    if (!r) return;
    const eh = (r.events / maxEvents) * (band - 12);
    const dead = r.fatalities_low ?? 0;
    const dh = (dead / maxDead) * (band - 12);
    const label = `${r.label}: ${r.events} events, fatalities ${dead}${r.fatalities_high && r.fatalities_high !== dead ? `–${r.fatalities_high}` : ''}`;
    svg.append(
      s('rect', { class: 'bar-events', x: i * bar, y: band - eh, width: Math.max(1, bar - 1), height: eh }, s('title', {}, label)),
      s('rect', { class: 'bar-dead', x: i * bar, y: 2 * band - dh, width: Math.max(1, bar - 1), height: dh }, s('title', {}, label)),
    );
  });
  svg.append(
    s('text', { x: 2, y: 12, class: 'axis' }, `events (max ${maxEvents})`),
    s('text', { x: 2, y: band + 12, class: 'axis' }, `fatalities, low count (max ${maxDead})`),
    s('text', { x: 0, y: 2 * band + 20, class: 'axis' }, months[0]),
    s('text', { x: width, y: 2 * band + 20, class: 'axis', 'text-anchor': 'end' }, months[months.length - 1]),
  );
  box.replaceChildren(
    svg,
    h('figcaption', { id: 'timeline-caption' }, `Events and fatalities by month, ${months[0]} to ${months[months.length - 1]}`),
  );
}
