/** Index of the first occurrence of `phrase` (a word sequence) in `words`, or -1. */
export function findPhrase(words: string[], phrase: string[]): number {
  if (phrase.length === 0) return -1;
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return i;
  }
  return -1;
}

/** Whether any of the space-separated phrases occurs in `words`. */
export function hasAnyPhrase(words: string[], phrases: string[]): boolean {
  return phrases.some((p) => findPhrase(words, p.split(" ")) >= 0);
}
