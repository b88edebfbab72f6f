import type { ACLED_TAXONOMY, EventType, SubEventType } from '../domain.js';
import { Weighted } from './random.js';
import type { Phrase } from './text.js';

/**
 * What synthetic events say: ACLED-like type frequencies for Syria and, per
 * sub-event type, an English and an Arabic sentence with slots for the actors,
 * the place and the target, so summaries and quotes read like coded news.
 */

type Pair = { [T in EventType]: [T, (typeof ACLED_TAXONOMY)[T][number]] }[EventType];

const pair = <T extends EventType>(t: T, s: (typeof ACLED_TAXONOMY)[T][number], w: number): [Pair, number] => [[t, s] as Pair, w];

export const EVENT_KINDS = Weighted.of<Pair>([
  pair('Explosions/Remote violence', 'Shelling/artillery/missile attack', 300),
  pair('Explosions/Remote violence', 'Air/drone strike', 180),
  pair('Explosions/Remote violence', 'Remote explosive/landmine/IED', 50),
  pair('Explosions/Remote violence', 'Grenade', 10),
  pair('Explosions/Remote violence', 'Suicide bomb', 5),
  pair('Explosions/Remote violence', 'Chemical weapon', 1),
  pair('Battles', 'Armed clash', 185),
  pair('Battles', 'Government regains territory', 10),
  pair('Battles', 'Non-state actor overtakes territory', 5),
  pair('Violence against civilians', 'Attack', 90),
  pair('Violence against civilians', 'Abduction/forced disappearance', 28),
  pair('Violence against civilians', 'Sexual violence', 2),
  pair('Strategic developments', 'Arrests', 20),
  pair('Strategic developments', 'Disrupted weapons use', 20),
  pair('Strategic developments', 'Looting/property destruction', 15),
  pair('Strategic developments', 'Change to group/activity', 15),
  pair('Strategic developments', 'Other', 15),
  pair('Strategic developments', 'Headquarters or base established', 5),
  pair('Strategic developments', 'Agreement', 5),
  pair('Strategic developments', 'Non-violent transfer of territory', 5),
  pair('Protests', 'Peaceful protest', 20),
  pair('Protests', 'Protest with intervention', 4),
  pair('Protests', 'Excessive force against protesters', 1),
  pair('Riots', 'Violent demonstration', 3),
  pair('Riots', 'Mob violence', 2),
]);

/** Slots: A1, A2 (actors), T (target), P (place), G (governorate). */
const SENTENCES: Record<SubEventType, { en: string; ar: string }> = {
  'Shelling/artillery/missile attack': { en: '{A1} shelled {T} in {P}, {G}', ar: 'قصفت {A1} بالمدفعية {T} في {P}، {G}' },
  'Air/drone strike': { en: 'Aircraft of {A1} struck {T} in {P}, {G}', ar: 'استهدفت طائرات {A1} {T} في {P}، {G}' },
  'Remote explosive/landmine/IED': {
    en: 'An explosive device planted by {A1} went off near {T} in {P}, {G}',
    ar: 'انفجرت عبوة ناسفة زرعتها {A1} قرب {T} في {P}، {G}',
  },
  Grenade: { en: '{A1} threw a grenade at {T} in {P}, {G}', ar: 'ألقت {A1} قنبلة يدوية على {T} في {P}، {G}' },
  'Suicide bomb': { en: 'A suicide bomber of {A1} blew himself up at {T} in {P}, {G}', ar: 'فجر انتحاري من {A1} نفسه عند {T} في {P}، {G}' },
  'Chemical weapon': { en: '{A1} used chemical weapons on {P}, {G}', ar: 'استخدمت {A1} أسلحة كيميائية في {P}، {G}' },
  'Armed clash': { en: '{A1} clashed with {A2} near {T} in {P}, {G}', ar: 'اشتبكت {A1} مع {A2} قرب {T} في {P}، {G}' },
  'Government regains territory': { en: '{A1} regained control of {P}, {G}, from {A2}', ar: 'استعادت {A1} السيطرة على {P}، {G}، من {A2}' },
  'Non-state actor overtakes territory': { en: '{A1} seized {P}, {G}, from {A2}', ar: 'سيطرت {A1} على {P}، {G}، بعد طرد {A2}' },
  Attack: { en: '{A1} opened fire on civilians near {T} in {P}, {G}', ar: 'أطلقت {A1} النار على مدنيين قرب {T} في {P}، {G}' },
  'Abduction/forced disappearance': { en: '{A1} abducted residents of {P}, {G}', ar: 'اختطفت {A1} عددا من أهالي {P}، {G}' },
  'Sexual violence': {
    en: '{A1} committed sexual violence against women in {P}, {G}',
    ar: 'ارتكبت {A1} انتهاكات جنسية بحق نساء في {P}، {G}',
  },
  Arrests: { en: '{A1} arrested young men at {T} in {P}, {G}', ar: 'اعتقلت {A1} شبانا عند {T} في {P}، {G}' },
  'Disrupted weapons use': { en: '{A1} defused explosives near {T} in {P}, {G}', ar: 'فككت {A1} عبوات ناسفة قرب {T} في {P}، {G}' },
  'Looting/property destruction': { en: '{A1} looted and burned {T} in {P}, {G}', ar: 'نهبت {A1} وأحرقت {T} في {P}، {G}' },
  'Change to group/activity': { en: '{A1} redeployed fighters to {P}, {G}', ar: 'أعادت {A1} نشر مقاتليها في {P}، {G}' },
  Other: { en: '{A1} imposed a curfew on {P}, {G}', ar: 'فرضت {A1} حظر تجول على {P}، {G}' },
  'Headquarters or base established': { en: '{A1} set up a base at {T} in {P}, {G}', ar: 'أنشأت {A1} قاعدة عسكرية عند {T} في {P}، {G}' },
  Agreement: { en: '{A1} and {A2} agreed on a truce in {P}, {G}', ar: 'توصلت {A1} إلى هدنة مع {A2} في {P}، {G}' },
  'Non-violent transfer of territory': { en: '{A1} handed {P}, {G}, over to {A2}', ar: 'سلمت {A1} {P}، {G}، إلى {A2}' },
  'Peaceful protest': { en: 'Residents of {P}, {G}, protested against {A1}', ar: 'تظاهر أهالي {P}، {G}، احتجاجا على ممارسات {A1}' },
  'Protest with intervention': {
    en: '{A1} dispersed a protest in {P}, {G}',
    ar: 'فرقت {A1} مظاهرة في {P}، {G}',
  },
  'Excessive force against protesters': { en: '{A1} fired on protesters in {P}, {G}', ar: 'أطلقت {A1} الرصاص على متظاهرين في {P}، {G}' },
  'Violent demonstration': { en: 'Protesters stormed {T} held by {A1} in {P}, {G}', ar: 'اقتحم محتجون {T} تابعا لـ {A1} في {P}، {G}' },
  'Mob violence': { en: 'A mob attacked {T} in {P}, {G}', ar: 'هاجم حشد غاضب {T} في {P}، {G}' },
};

export const TARGETS: readonly { en: string; ar: string }[] = [
  { en: 'military positions', ar: 'مواقع عسكرية' },
  { en: 'a market', ar: 'سوقا شعبيا' },
  { en: 'residential buildings', ar: 'أبنية سكنية' },
  { en: 'a checkpoint', ar: 'حاجزا' },
  { en: 'a military convoy', ar: 'رتلا عسكريا' },
  { en: 'farmland', ar: 'أراضي زراعية' },
  { en: 'a field hospital', ar: 'مشفى ميدانيا' },
  { en: 'a school', ar: 'مدرسة' },
  { en: 'a bakery', ar: 'فرنا للخبز' },
  { en: 'a mosque', ar: 'مسجدا' },
  { en: 'an oil field', ar: 'حقلا نفطيا' },
  { en: 'a bridge', ar: 'جسرا' },
  { en: 'a water station', ar: 'محطة مياه' },
  { en: 'the main road', ar: 'الطريق الرئيسي' },
  { en: 'a displacement camp', ar: 'مخيما للنازحين' },
];

export interface Slots {
  A1: { en: string; ar: string };
  A2: { en: string; ar: string };
  T: { en: string; ar: string };
  P: { en: string; ar: string };
  G: { en: string; ar: string };
}

type Token = { slot: keyof Slots } | { text: string };

const PUNCTUATION = /^[,.;:،؛]+/;

function tokenise(template: string): Token[] {
  return [...template.matchAll(/\{(\w+)\}|[^{]+/g)].map((m) => (m[1] ? { slot: m[1] as keyof Slots } : { text: m[0] }));
}

const COMPILED = Object.fromEntries(Object.entries(SENTENCES).map(([k, v]) => [k, { en: tokenise(v.en), ar: tokenise(v.ar) }])) as Record<
  SubEventType,
  { en: Token[]; ar: Token[] }
>;

/** Appends a literal chunk: leading punctuation sticks to the previous word, the rest is one phrase. */
export function appendLiteral(phrase: Phrase, chunk: string): void {
  let rest = chunk.trim();
  const mark = PUNCTUATION.exec(rest);
  if (mark) {
    phrase.punct(mark[0]);
    rest = rest.slice(mark[0].length).trim();
  }
  if (rest) phrase.add(rest);
}

export function sentence(phrase: Phrase, subType: SubEventType, lang: 'en' | 'ar', slots: Slots): Phrase {
  for (const t of COMPILED[subType][lang]) {
    if ('slot' in t) phrase.add(slots[t.slot][lang]);
    else appendLiteral(phrase, t.text);
  }
  return phrase;
}
