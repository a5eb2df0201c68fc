// Vietnamese text in one comparable form. Users type with or without diacritics, in NFC or NFD,
// in any case; everything the bot compares goes through `fold` first.

/** Lower case, no diacritics, đ→d, punctuation kept. Works on NFC and NFD input alike. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐðÐ]/g, "d")
    .toLowerCase();
}

/** Folded words: letters and digits only. */
export function foldedWords(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** NFC with collapsed whitespace: the form stored and displayed. */
export function tidy(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim();
}
