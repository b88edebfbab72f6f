import { get } from './api.js';
import { fmtFatalities, h, show, text } from './dom.js';

function count(r) {
  if (r.qualifier === 'vague') return text(r.vague_text ?? 'vague', 'ar');
  const n = r.count_low === r.count_high || r.count_high === null ? r.count_low : `${r.count_low}–${r.count_high}`;
  return `${r.qualifier === 'exact' ? '' : `${r.qualifier.replace('_', ' ')} `}${n}`;
}

/** One event with its claims side by side, one column per claimant, so disagreements can be read across. */
export async function eventPage(id) {
  const e = await get(`/events/${id}`);
  const figures = await Promise.all(e.claims.map((c) => get(`/figures?claim=${c.id}&limit=100`).then((f) => f.data)));
  const figuresOf = new Map(e.claims.map((c, i) => [c.id, figures[i]]));
  const byClaimant = new Map();
  for (const c of e.claims) {
    const list = byClaimant.get(c.claimant.id) ?? [];
    list.push(c);
    byClaimant.set(c.claimant.id, list);
  }
  const reportsOf = (claimId) => e.casualty_reports.filter((r) => r.claim_id === claimId);

  show(
    `Event ${e.id}`,
    h('p', null, h('a', { href: '#/' }, '← Explorer')),
    h('h1', null, `${e.date_start}${e.date_end !== e.date_start ? ` – ${e.date_end}` : ''}: ${e.sub_event_type}`),
    h('p', { class: 'lead' }, e.summary_en),
    e.summary_ar ? h('p', { lang: 'ar', dir: 'rtl' }, e.summary_ar) : null,
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Where'),
      h('dd', null, e.path.map((p) => p.name).join(' › '), ` (geo precision ${e.location.geo_precision ?? 'unknown'})`),
      h('dt', null, 'When'),
      h('dd', null, `${e.date_precision}${e.date_note ? `: ${e.date_note}` : ''}`),
      h('dt', null, 'Type'),
      h('dd', null, `${e.event_type} / ${e.sub_event_type}`),
      h('dt', null, 'Actors'),
      h('dd', null, e.actors.map((a) => `${a.name} (${a.role})`).join(', ') || '–'),
      h('dt', null, 'Fatalities'),
      h('dd', null, fmtFatalities(e.fatalities)),
      h('dt', null, 'Credibility'),
      h('dd', null, h('span', { class: `grade grade-${e.credibility.grade}` }, e.credibility.grade), ` ${e.credibility.reason}`),
    ),
    e.disagreements.length
      ? h(
          'section',
          { 'aria-labelledby': 'disagreements' },
          h('h2', { id: 'disagreements' }, 'Disagreements'),
          h(
            'ul',
            null,
            e.disagreements.map((d) => h('li', null, `${d.kind.replace('_', ' ')}: ${d.detail} (claims ${d.claim_ids.join(', ')})`)),
          ),
        )
      : null,
    h('h2', null, 'Claims by claimant'),
    h(
      'div',
      { class: 'claim-columns' },
      [...byClaimant.values()].map((claims) =>
        h(
          'section',
          { class: 'claimant-column', 'aria-label': claims[0].claimant.name },
          h('h3', null, claims[0].claimant.name),
          claims.map((c) =>
            h(
              'article',
              { class: 'claim-card', 'data-claim-id': c.id },
              h('p', null, h('span', { class: `certainty certainty-${c.certainty}` }, c.certainty), ` · ${c.claim_type.replace('_', ' ')}`),
              h('p', null, c.statement_en),
              h('blockquote', { lang: 'ar', dir: 'rtl' }, h('a', { href: `#/article/${c.article_id}?claim=${c.id}` }, c.quote)),
              reportsOf(c.id).map((r) =>
                h('p', { class: 'figure' }, `${r.outcome}: `, count(r), ` ${r.victim_actor?.name ?? r.victim_group ?? ''}`),
              ),
              figuresOf.get(c.id).map((f) => h('p', { class: 'figure' }, `${f.what}: `, count(f), ` ${f.unit}`)),
            ),
          ),
        ),
      ),
    ),
    h(
      'p',
      null,
      h('a', { href: `#/history/events/${e.id}` }, 'History of this event'),
      ' · ',
      h('a', { href: `#/edit/events/${e.id}` }, 'Edit this event'),
    ),
  );
}
