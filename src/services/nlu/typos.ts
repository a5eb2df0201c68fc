import { DamerauLevenshteinDistance } from "natural/lib/natural/distance/index.js";

/**
 * Repairs one-letter typos ("dien thaoi", "khuyen cogn") against the words the bot knows.
 * Folding merges many syllables, so a repair is only made when the corrected word forms a pair
 * the bot has seen with a neighbouring word: "thoi" alone stays "thoi" (it may mean "thời").
 */
export function createTypoFixer(knownSentences: string[][]) {
  const words = new Set<string>();
  const pairs = new Set<string>();
  for (const sentence of knownSentences) {
    sentence.forEach((w, i) => {
      words.add(w);
      if (i > 0) pairs.add(`${sentence[i - 1]} ${w}`);
    });
  }
  const candidatesByLength = new Map<number, string[]>();
  for (const w of words) {
    if (!candidatesByLength.has(w.length)) candidatesByLength.set(w.length, []);
    candidatesByLength.get(w.length)!.push(w);
  }

  function candidates(word: string): string[] {
    const pool = [word.length - 1, word.length, word.length + 1].flatMap((n) => candidatesByLength.get(n) ?? []);
    return pool.filter((c) => DamerauLevenshteinDistance(word, c, { transposition_cost: 1 }) === 1);
  }

  return function fixTypos(input: string[]): string[] {
    const out = [...input];
    out.forEach((word, i) => {
      if (words.has(word) || word.length < 3 || /\d/.test(word)) return;
      const prev = out[i - 1];
      const next = input[i + 1];
      const fits = candidates(word).filter((c) => (prev && pairs.has(`${prev} ${c}`)) || (next && pairs.has(`${c} ${next}`)));
      if (fits.length === 1) out[i] = fits[0];
    });
    return out;
  };
}
