import { FUNCTION_WORDS } from "../nlu/domain-anchors.ts";
import { normalizeWords } from "../nlu/normalize.ts";

// Unanswered questions are grouped so staff see "asked 12 times" once, not twelve rows. The key is
// built from the bot's own normalisation (services/nlu/normalize.ts: diacritics folded, chat
// abbreviations expanded, "sdt" → "so dien thoai"), without the words that carry no topic (the
// domain check's FUNCTION_WORDS: "cho", "của", "là", "bao nhiêu"…), deduplicated and sorted: word
// order and filler rarely change what is asked, so "sdt phong xyz?" and "Số điện thoại của phòng
// XYZ" fall together. It is exact matching on a canonical form, not a similarity measure: the same
// text always gets the same key, a group never changes once formed, and no threshold needs tuning.
// Typo repair is left out on purpose: it depends on the vocabulary of the moment, and a key must
// not change when staff add a phrase.

export interface QuestionForms {
  /** The normalised words in the order written: what staff read as "the words" of the question. */
  normalized: string;
  groupKey: string;
}

export function questionForms(text: string): QuestionForms {
  const words = normalizeWords(text);
  const topical = words.filter((w) => !FUNCTION_WORDS.has(w));
  // A question of filler only ("có không?") still needs a key: its own words.
  const keyWords = topical.length > 0 ? topical : words;
  return { normalized: words.join(" "), groupKey: [...new Set(keyWords)].sort().join(" ") };
}
