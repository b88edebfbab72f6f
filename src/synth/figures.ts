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

/** Numerals as strings made once: the text cache (src/synth/text.ts) then finds them without hashing a new string per figure. */
const NUMERALS: string[] = [];
const numeral = (n: number): string => {
  let s = NUMERALS[n];
  if (s === undefined) {
    s = String(n);
    if (n < 10_000) NUMERALS[n] = s;
  }
  return s;
};

function victims(figure: Figure, lang: 'en' | 'ar', into: Phrase): Phrase {
  if (!figure.victim_actor) return into.add(figure.victim_group?.[lang] ?? '');
  return lang === 'en' ? into.add('fighters of').add(figure.victim_actor.name) : into.add('عناصر من').add(figure.victim_actor.name_ar);
}

/**
 * "killing at least 7 civilians" / "ما أدى إلى مقتل 7 مدنيين على الأقل". Each
 * fixed wording and each name is added as a phrase of its own (joined by a
 * space, as one phrase with the same words would be): phrases are folded once
 * and cached, and a phrase made by interpolation per figure would never hit.
 */
export function figureClause(into: Phrase, figure: Figure, lang: 'en' | 'ar'): Phrase {
  appendLiteral(into, OUTCOME_WORDS[figure.outcome]?.[lang] ?? '');
  const low = numeral(figure.count_low ?? 0);
  const high = numeral(figure.count_high ?? 0);
  const en = lang === 'en';
  switch (figure.qualifier) {
    case 'vague':
      return victims(figure, lang, into.add(VAGUE.find((v) => v.text === figure.vague_text)?.[lang] ?? ''));
    case 'at_least':
      return en ? victims(figure, lang, into.add('at least').add(low)) : victims(figure, lang, into.add(low)).add('على الأقل');
    case 'about':
      return victims(figure, lang, en ? into.add('about').add(low) : into.add('نحو').add(low));
    case 'more_than':
      return victims(figure, lang, en ? into.add('more than').add(low) : into.add('أكثر من').add(low));
    case 'range':
      return victims(figure, lang, en ? into.add(low).add('to').add(high) : into.add('بين').add(low).add('و').add(high));
    default:
      return victims(figure, lang, into.add(low));
  }
}
