import { pinyin } from 'pinyin-pro';

/** Options for building a pinyin search key. */
export interface PinyinKeyOptions {
  /** The text is a person's name: read a polyphonic surname as a surname (单 shan, 曾 zeng, 仇 qiu). */
  surname?: boolean;
}

// Letters and digits of any script survive; spaces and punctuation (·, -, （）) do not.
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const HAS_HAN = /\p{Script=Han}/u;

/**
 * Builds the lower-case search key of a name: full pinyin without tones, then a space, then the initials
 * (`张三` → `zhangsan zs`; `A小区` → `axiaoqu axq`). ü is written v, as on a keyboard.
 */
export function pinyinKey(name: string, options: PinyinKeyOptions = {}): string {
  const text = name.normalize('NFKC').trim();
  if (!text) return '';
  const syllables = pinyin(text, {
    type: 'all',
    toneType: 'none',
    v: true,
    nonZh: 'consecutive',
    surname: options.surname ? 'head' : 'off',
  });
  let full = '';
  let initials = '';
  for (const syllable of syllables) {
    if (syllable.isZh) {
      full += syllable.pinyin;
      initials += syllable.pinyin.charAt(0);
    } else {
      // Non-Chinese runs (letters, digits) are kept whole in both halves: "12号楼" → "12haolou 12hl".
      const kept = syllable.origin.toLowerCase().replace(NOT_WORD, '');
      full += kept;
      initials += kept;
    }
  }
  full = full.toLowerCase().replace(NOT_WORD, '');
  initials = initials.toLowerCase().replace(NOT_WORD, '');
  return full === initials ? full : `${full} ${initials}`;
}

/** Normalises what a user typed into a search box the way keys are built: lower case, no spaces; Chinese to pinyin. */
export function normalisePinyinQuery(query: string): string {
  const text = query.normalize('NFKC').trim();
  if (HAS_HAN.test(text)) return pinyinKey(text).split(' ')[0] ?? '';
  return text.toLowerCase().replace(NOT_WORD, '');
}

/**
 * Whether a search query matches a pinyin key: the query's letters occur in the full pinyin or in the
 * initials (`zs`, `zhangsan`, `zhang` and `san` all find 张三). An empty query matches nothing.
 */
export function matchesPinyin(key: string, query: string): boolean {
  const needle = normalisePinyinQuery(query);
  if (!needle) return false;
  // Each half is searched on its own so that a match never spans the space between them.
  return key.split(' ').some((part) => part.includes(needle));
}
