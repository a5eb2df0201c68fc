// Matching runs on folded text, but figures must point back into the text as written (NFC or NFD),
// so folding keeps, for each folded character, the offset of the source character it came from.
import { fold } from "../text/fold.ts";

export interface FoldedText {
  /** `fold(source)`, character for character. */
  text: string;
  /** origin[i] = offset in the source of folded character i; origin[text.length] = source.length. */
  origin: number[];
}

export function foldWithOrigin(source: string): FoldedText {
  let text = "";
  const origin: number[] = [];
  let offset = 0;
  for (const ch of source) {
    // A combining mark folds to "" and so maps nowhere: the span of its base letter absorbs it.
    const folded = fold(ch);
    for (let k = 0; k < folded.length; k++) origin.push(offset);
    text += folded;
    offset += ch.length;
  }
  origin.push(offset);
  return { text, origin };
}

/** The source text behind folded span [start, end). */
export function sourceSlice(source: string, f: FoldedText, start: number, end: number): string {
  return source.slice(f.origin[start], f.origin[end]);
}
