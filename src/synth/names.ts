import type { Random } from './random.js';

/**
 * Invented Arabic words with the transliterations a news archive would hold
 * for them: one Arabic spelling and two Latin ones (a "formal" one with q/ee/ah
 * and a looser one with k/i/a), so that aliases differ the way real spellings
 * do (Raqqa / Rakka, Shaddadi / Chaddadeh).
 */
export interface Word {
  ar: string;
  en: string;
  enAlt: string;
}

/** Arabic consonant, formal Latin, loose Latin. */
const CONSONANTS: readonly (readonly [string, string, string])[] = [
  ['ب', 'b', 'b'],
  ['ت', 't', 't'],
  ['ج', 'j', 'g'],
  ['ح', 'h', 'h'],
  ['خ', 'kh', 'kh'],
  ['د', 'd', 'd'],
  ['ر', 'r', 'r'],
  ['ز', 'z', 'z'],
  ['س', 's', 's'],
  ['ش', 'sh', 'ch'],
  ['ص', 's', 's'],
  ['ط', 't', 't'],
  ['ف', 'f', 'f'],
  ['ق', 'q', 'k'],
  ['ك', 'k', 'k'],
  ['ل', 'l', 'l'],
  ['م', 'm', 'm'],
  ['ن', 'n', 'n'],
  ['ه', 'h', 'h'],
  ['و', 'w', 'w'],
  ['ي', 'y', 'y'],
];

/** Word shapes: how the consonants are joined in Arabic script and in each transliteration. */
type Shape = (c: (readonly [string, string, string])[]) => Word;
const SHAPES: readonly [number, Shape][] = [
  [3, ([a, b, c]) => ({ ar: `${a[0]}${b[0]}ا${c[0]}`, en: `${a[1]}a${b[1]}a${c[1]}`, enAlt: `${a[2]}a${b[2]}a${c[2]}` })],
  [3, ([a, b, c]) => ({ ar: `${a[0]}${b[0]}ي${c[0]}ة`, en: `${a[1]}a${b[1]}i${c[1]}ah`, enAlt: `${a[2]}a${b[2]}ee${c[2]}a` })],
  [3, ([a, b, c]) => ({ ar: `${a[0]}${b[0]}و${c[0]}`, en: `${a[1]}a${b[1]}u${c[1]}`, enAlt: `${a[2]}a${b[2]}ou${c[2]}` })],
  [3, ([a, b, c]) => ({ ar: `${a[0]}ا${b[0]}${c[0]}ي`, en: `${a[1]}a${b[1]}${c[1]}i`, enAlt: `${a[2]}a${b[2]}${c[2]}y` })],
  [
    4,
    ([a, b, c, d]) => ({
      ar: `${a[0]}${b[0]}${c[0]}ا${d[0]}`,
      en: `${a[1]}a${b[1]}${c[1]}a${d[1]}`,
      enAlt: `${a[2]}a${b[2]}${c[2]}a${d[2]}`,
    }),
  ],
  [
    4,
    ([a, b, c, d]) => ({
      ar: `${a[0]}${b[0]}ا${c[0]}${d[0]}ة`,
      en: `${a[1]}a${b[1]}a${c[1]}${d[1]}ah`,
      enAlt: `${a[2]}a${b[2]}a${c[2]}${d[2]}eh`,
    }),
  ],
];

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** An invented word, never the same one twice from one generator. */
export class WordMaker {
  private readonly used = new Set<string>();

  constructor(private readonly random: Random) {}

  word(): Word {
    for (;;) {
      const [n, shape] = this.random.pick(SHAPES);
      const letters = Array.from({ length: n }, () => this.random.pick(CONSONANTS));
      const w = shape(letters);
      if (this.used.has(w.ar)) continue;
      this.used.add(w.ar);
      return { ar: w.ar, en: capitalise(w.en), enAlt: capitalise(w.enAlt) };
    }
  }
}

/** An entity's name in both scripts with the other spellings it is known by. */
export interface Named {
  name: string;
  name_ar: string;
  aliases: { text: string; lang: 'ar' | 'en' }[];
}

/** Prefixes of place names: Arabic, formal Latin, loose Latin. */
const PLACE_PREFIXES: readonly (readonly [string, string, string])[] = [
  ['تل', 'Tell', 'Tal'],
  ['عين', 'Ain', 'Ayn'],
  ['دير', 'Deir', 'Dayr'],
  ['كفر', 'Kafr', 'Kfar'],
  ['خربة', 'Khirbet', 'Khirbat'],
  ['جسر', 'Jisr', 'Jesr'],
  ['مزرعة', 'Mazraat', 'Mazraa'],
  ['حي', 'Hay', 'Hayy'],
];

const PLACE_SUFFIXES: readonly (readonly [string, string, string])[] = [
  ['الشرقي', 'al-Sharqi', 'ash-Sharqi'],
  ['الغربي', 'al-Gharbi', 'el-Gharbi'],
  ['الكبير', 'al-Kabir', 'el-Kabeer'],
  ['الصغير', 'al-Saghir', 'as-Sagheer'],
  ['الفوقاني', 'al-Fawqani', 'el-Fouqani'],
];

/** A place name: "Tell Saraqib" / "تل سراقب" / "Tal Sarakeeb", sometimes with the article or a qualifier. */
export function placeName(words: WordMaker, random: Random): Named {
  const w = words.word();
  const prefix = random.chance(0.35) ? random.pick(PLACE_PREFIXES) : null;
  const article = !prefix && random.chance(0.3);
  const suffix = random.chance(0.12) ? random.pick(PLACE_SUFFIXES) : null;
  const ar = [prefix?.[0], `${article ? 'ال' : ''}${w.ar}`, suffix?.[0]].filter(Boolean).join(' ');
  const en = [prefix?.[1], `${article ? 'Al-' : ''}${w.en}`, suffix?.[1]].filter(Boolean).join(' ');
  const alt = [prefix?.[2], `${article ? 'El ' : ''}${w.enAlt}`, suffix?.[2]].filter(Boolean).join(' ');
  const aliases: Named['aliases'] = [{ text: alt, lang: 'en' }];
  if (article) aliases.push({ text: w.en, lang: 'en' }, { text: w.ar, lang: 'ar' });
  // The same name as often printed: hamza-less alef forms and a final haa for taa marbuta.
  const loose = ar.replaceAll('ة', 'ه');
  if (loose !== ar) aliases.push({ text: loose, lang: 'ar' });
  return { name: en, name_ar: ar, aliases };
}

const UNIT_FORMS: readonly { ar: (w: Word) => string; en: (w: Word) => string; alt: (w: Word) => string }[] = [
  { ar: (w) => `لواء ${w.ar}`, en: (w) => `${w.en} Brigade`, alt: (w) => `Liwa ${w.enAlt}` },
  { ar: (w) => `كتيبة ${w.ar}`, en: (w) => `${w.en} Battalion`, alt: (w) => `Katibat ${w.enAlt}` },
  { ar: (w) => `فوج ${w.ar}`, en: (w) => `${w.en} Regiment`, alt: (w) => `Fawj ${w.enAlt}` },
  { ar: (w) => `قوات ${w.ar}`, en: (w) => `${w.en} Forces`, alt: (w) => `Quwwat ${w.enAlt}` },
  { ar: (w) => `تجمع ${w.ar}`, en: (w) => `${w.en} Gathering`, alt: (w) => `Tajammu ${w.enAlt}` },
  { ar: (w) => `سرايا ${w.ar}`, en: (w) => `${w.en} Companies`, alt: (w) => `Saraya ${w.enAlt}` },
];

const GROUP_FORMS: readonly { ar: (w: Word) => string; en: (w: Word) => string; alt: (w: Word) => string }[] = [
  { ar: (w) => `جبهة ${w.ar}`, en: (w) => `${w.en} Front`, alt: (w) => `Jabhat ${w.enAlt}` },
  { ar: (w) => `جيش ${w.ar}`, en: (w) => `Army of ${w.en}`, alt: (w) => `Jaysh ${w.enAlt}` },
  { ar: (w) => `حركة ${w.ar}`, en: (w) => `${w.en} Movement`, alt: (w) => `Harakat ${w.enAlt}` },
  { ar: (w) => `ألوية ${w.ar}`, en: (w) => `${w.en} Brigades`, alt: (w) => `Alwiyat ${w.enAlt}` },
];

const SOURCE_FORMS: readonly { ar: (w: Word) => string; en: (w: Word) => string; kind: 'media' | 'monitoring_group' | 'civil_body' }[] = [
  { ar: (w) => `وكالة ${w.ar} للأنباء`, en: (w) => `${w.en} News Agency`, kind: 'media' },
  { ar: (w) => `شبكة ${w.ar} الإخبارية`, en: (w) => `${w.en} News Network`, kind: 'media' },
  { ar: (w) => `تلفزيون ${w.ar}`, en: (w) => `${w.en} TV`, kind: 'media' },
  { ar: (w) => `مرصد ${w.ar} لحقوق الإنسان`, en: (w) => `${w.en} Observatory for Human Rights`, kind: 'monitoring_group' },
  { ar: (w) => `الدفاع المدني في ${w.ar}`, en: (w) => `${w.en} Civil Defence`, kind: 'civil_body' },
];

const initials = (s: string) =>
  s
    .split(/[\s-]+/)
    .map((p) => p.charAt(0).toUpperCase())
    .join('');

/** An armed group at the top of a hierarchy ("Army of Salib", "جيش صليب", "Jaysh Saleeb", "AoS"). */
export function groupName(words: WordMaker, random: Random): Named {
  const w = words.word();
  const form = random.pick(GROUP_FORMS);
  const en = form.en(w);
  return {
    name: en,
    name_ar: form.ar(w),
    aliases: [
      { text: form.alt(w), lang: 'en' },
      { text: initials(en), lang: 'en' },
    ],
  };
}

/** A unit inside a group ("Marab Brigade", "لواء مراب", "Liwa Marab"). */
export function unitName(words: WordMaker, random: Random): Named {
  const w = words.word();
  const form = random.pick(UNIT_FORMS);
  const en = form.en(w);
  return { name: en, name_ar: form.ar(w), aliases: [{ text: form.alt(w), lang: 'en' }] };
}

/** A news outlet, monitor or civil body that makes claims. */
export function sourceName(words: WordMaker, random: Random): Named & { kind: 'media' | 'monitoring_group' | 'civil_body' } {
  const w = words.word();
  const form = random.pick(SOURCE_FORMS);
  const en = form.en(w);
  return {
    name: en,
    name_ar: form.ar(w),
    kind: form.kind,
    aliases: [
      { text: initials(en), lang: 'en' },
      { text: en.replace(w.en, w.enAlt), lang: 'en' },
    ],
  };
}
