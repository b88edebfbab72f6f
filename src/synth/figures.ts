import type { CasualtyReportInsert } from '../db/writers.js';
import { appendLiteral } from './content.js';
import { type Random, Weighted } from './random.js';
import type { Phrase } from './text.js';
import type { WorldActor } from './world.js';

const OUTCOMES = Weighted.of([
  ['killed', 65],
  ['injured', 25],
  ['captured', 3],
  ['displaced', 3],
  ['detained', 2],
  ['missing', 2],
] as const);

const QUALIFIERS = Weighted.of([
  ['exact', 60],
  ['at_least', 12],
  ['about', 10],
  ['more_than', 5],
  ['range', 5],
  ['vague', 8],
] as const);

const VICTIM_GROUPS = [
  { group: 'civilians', en: 'civilians', ar: 'مدنيين' },
  { group: 'children', en: 'children', ar: 'أطفال' },
  { group: 'women', en: 'women', ar: 'نساء' },
  { group: 'workers', en: 'workers', ar: 'عمال' },
  { group: 'fighters', en: 'fighters', ar: 'مقاتلين' },
];

const VAGUE = [
  { text: 'العشرات', en: 'dozens of', ar: 'العشرات من' },
  { text: 'أعداد كبيرة', en: 'large numbers of', ar: 'أعداد كبيرة من' },
  { text: 'عدد من', en: 'a number of', ar: 'عدد من' },
];

const OUTCOME_WORDS: Record<string, { en: string; ar: string }> = {
  killed: { en: 'killing', ar: 'ما أدى إلى مقتل' },
  injured: { en: 'wounding', ar: 'ما أدى إلى إصابة' },
  captured: { en: 'capturing', ar: 'وأسر' },
  displaced: { en: 'displacing', ar: 'ما أدى إلى تهجير' },
  detained: { en: 'detaining', ar: 'واعتقال' },
  missing: { en: 'leaving missing', ar: 'وفقدان' },
};

export interface Figure {
  outcome: CasualtyReportInsert['outcome'];
  qualifier: CasualtyReportInsert['qualifier'];
  count_low: number | null;
  count_high: number | null;
  vague_text: string | null;
  victim_actor: WorldActor | null;
  victim_group: (typeof VICTIM_GROUPS)[number] | null;
}

/** One casualty figure of an event; a named victim is drawn from the event's second actor. */
export function drawFigure(r: Random, actors: WorldActor[]): Figure {
  const qualifier = QUALIFIERS.draw(r);
  const n = Math.floor(Math.exp(r.next() * 4)) + r.int(0, 3);
  const victimActor = actors[1] && r.chance(0.45) ? actors[1] : null;
  return {
    outcome: OUTCOMES.draw(r),
    qualifier,
    count_low: qualifier === 'vague' ? null : n,
    count_high: qualifier === 'exact' || qualifier === 'about' ? n : qualifier === 'range' ? n + r.int(1, 10) : null,
    vague_text: qualifier === 'vague' ? r.pick(VAGUE).text : null,
    victim_actor: victimActor,
    victim_group: victimActor ? null : r.pick(VICTIM_GROUPS),
  };
}

/** "killing at least 7 civilians" / "ما أدى إلى مقتل 7 مدنيين على الأقل" */
export function figureClause(into: Phrase, figure: Figure, lang: 'en' | 'ar'): Phrase {
  appendLiteral(into, OUTCOME_WORDS[figure.outcome]?.[lang] ?? '');
  const victims = figure.victim_actor
    ? lang === 'en'
      ? `fighters of ${figure.victim_actor.name}`
      : `عناصر من ${figure.victim_actor.name_ar}`
    : (figure.victim_group?.[lang] ?? '');
  const low = String(figure.count_low);
  const amount: Record<string, string> =
    lang === 'en'
      ? {
          exact: low,
          at_least: `at least ${low}`,
          about: `about ${low}`,
          more_than: `more than ${low}`,
          range: `${low} to ${figure.count_high}`,
        }
      : {
          exact: low,
          at_least: `${low} على الأقل`,
          about: `نحو ${low}`,
          more_than: `أكثر من ${low}`,
          range: `بين ${low} و ${figure.count_high}`,
        };
  if (figure.qualifier === 'vague') into.add(VAGUE.find((v) => v.text === figure.vague_text)?.[lang] ?? '').add(victims);
  else if (lang === 'ar' && figure.qualifier === 'at_least') into.add(low).add(victims).add('على الأقل');
  else into.add(amount[figure.qualifier] ?? low).add(victims);
  return into;
}
