// Indicator lookup for reports (phrases found in text) and for users' questions (ranking).
import { fold, foldedWords } from "../text/fold.ts";
import { DOMAIN_MARKERS, LEXICON, type Domain, type IndicatorDef } from "./lexicon.ts";
import { COMMON_WORDS, expand, merge } from "./question-words.ts";

export type { Domain } from "./lexicon.ts";

export type Indicator = IndicatorDef;

export const INDICATORS: readonly Indicator[] = LEXICON;
const BY_KEY = new Map(LEXICON.map((i) => [i.key, i]));

/** True when the indicator's figures are themselves percentages (a rate, not a quantity). */
export function isRate(ind: IndicatorDef): boolean {
  return ind.units.includes("percent");
}

export function indicatorByKey(key: string): Indicator | undefined {
  return BY_KEY.get(key);
}

// ---- Report text ----

export interface TextPhrase {
  phrase: string;
  key: string;
  /** Null for a phrase; the domain that must be current for a cue. */
  needs: Domain | null;
}

export const TEXT_PHRASES: readonly TextPhrase[] = LEXICON.flatMap((ind) => [
  ...ind.phrases.map((p) => ({ phrase: fold(p), key: ind.key, needs: null })),
  ...(ind.cues ?? []).map((p) => ({ phrase: fold(p), key: ind.key, needs: ind.domain })),
]);

/** Phrases that make a paragraph about a domain: each indicator's phrases plus the domain markers. */
export const DOMAIN_PHRASES: readonly { phrase: string; domain: Domain }[] = [
  ...LEXICON.flatMap((ind) => ind.phrases.map((p) => ({ phrase: fold(p), domain: ind.domain }))),
  ...Object.entries(DOMAIN_MARKERS).flatMap(([domain, words]) => words.map((w) => ({ phrase: fold(w), domain: domain as Domain }))),
];

// ---- Questions ----

// Normalising the lexicon's phrases is a few tens of milliseconds of every start: each phrase is
// normalised once, and the question phrases are built on the first figure question.
const phraseWords = new Map<string, string[]>();
function wordsOf(phrase: string): string[] {
  let words = phraseWords.get(phrase);
  if (!words) phraseWords.set(phrase, (words = expand(foldedWords(phrase))));
  return words;
}

let questionPhrases: { key: string; tokens: string[] }[] | undefined;
const questionPhrasesOf = () => (questionPhrases ??= LEXICON.flatMap((ind) => [ind.name, ...ind.phrases].map((p) => ({ key: ind.key, tokens: merge(wordsOf(p)) }))));

/** Every word the figures know, for the NLU's typo repair (one repair for the whole bot). */
export const FIGURE_VOCABULARY: readonly string[][] = [...LEXICON.flatMap((ind) => [ind.name, ...ind.phrases, ...(ind.cues ?? [])].map(wordsOf)), COMMON_WORDS];

/** Question → folded, expanded syllables, merged into words. */
function questionTokens(question: string): string[] {
  return merge(expand(foldedWords(question)));
}

function containsRun(tokens: string[], run: string[]): boolean {
  for (let i = 0; i + run.length <= tokens.length; i++) if (run.every((t, k) => tokens[i + k] === t)) return true;
  return false;
}

/**
 * A phrase found as written scores its length + 1; in another order + 0.5. Three quarters of a
 * phrase of four words or more scores one point per word found: enough for "lấp đầy cụm công
 * nghiệp" to reach "tỷ lệ lấp đầy cụm công nghiệp", too little for "số điện thoại Sở Công
 * Thương" to reach "điện thương phẩm". Words found out of order must stand close together:
 * folded syllables are common, and "thông tin liên hệ" holds every word of "hệ thống chợ".
 */
function phraseScore(tokens: string[], counts: ReadonlyMap<string, number>, phrase: string[]): number {
  if (!phrase.some((t) => counts.has(t))) return 0;
  if (containsRun(tokens, phrase)) return phrase.length + 1;
  // Each question word counts once: "công nghiệp" asked once does not match it twice in a phrase.
  const taken = new Set<number>();
  for (const t of phrase) {
    const at = tokens.findIndex((w, i) => w === t && !taken.has(i));
    if (at >= 0) taken.add(at);
  }
  const matched = taken.size;
  if (matched === 0) return 0;
  const span = Math.max(...taken) - Math.min(...taken) + 1;
  if (span > phrase.length + 2) return 0;
  if (matched === phrase.length) return phrase.length + 0.5;
  return matched >= 3 && matched / phrase.length >= 3 / 4 ? matched : 0;
}

/**
 * Indicator keys a question is about, best first. Accents, upper case, abbreviations ("gtsx",
 * "kn xk", "ccn") and word order do not matter; typos are repaired before (the NLU's words).
 * What is asked of the indicator (a change, a share of the plan) is read by question.ts.
 */
export function matchIndicators(question: string): { key: string; score: number }[] {
  const tokens = questionTokens(question);
  const present = new Set(tokens);
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const best = new Map<string, number>();
  const covered = new Map<string, Set<string>>();
  for (const p of questionPhrasesOf()) {
    const s = phraseScore(tokens, counts, p.tokens);
    if (s === 0) continue;
    if (s > (best.get(p.key) ?? 0)) best.set(p.key, s);
    const words = covered.get(p.key) ?? new Set();
    for (const t of p.tokens) if (present.has(t)) words.add(t);
    covered.set(p.key, words);
  }
  // Ties go to the indicator whose matching phrases explain more of the question.
  for (const [key, words] of covered) best.set(key, best.get(key)! + words.size / 10);
  return [...best].map(([key, score]) => ({ key, score })).sort((a, b) => b.score - a.score);
}
