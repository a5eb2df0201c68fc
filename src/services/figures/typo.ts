// Users mistype long syllables ("ngiep", "ngahc"). One edit (insert, delete, substitute or swap two
// neighbours) against a small vocabulary is cheap and catches most of them.

/** True when a and b are at most one edit apart (optimal string alignment distance ≤ 1). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    const diffs: number[] = [];
    for (let i = 0; i < la && diffs.length <= 2; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    return diffs.length === 2 && diffs[1] === diffs[0] + 1 && a[diffs[0]] === b[diffs[1]] && a[diffs[1]] === b[diffs[0]];
  }
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** The one vocabulary word a mistyped word stands for, or null when none or several fit. */
export function repairWord(word: string, vocabulary: Iterable<string>): string | null {
  let found: string | null = null;
  for (const v of vocabulary) {
    if (Math.abs(v.length - word.length) > 1 || !withinOneEdit(word, v)) continue;
    if (found !== null) return null;
    found = v;
  }
  return found;
}
