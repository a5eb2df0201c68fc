// Cutting folded report text into paragraphs, sentences, phrase occurrences and number tokens.
// Every offset here is into the folded text.

export interface Span {
  start: number;
  end: number;
}

/** One line is one paragraph: the site's reports put each paragraph on its own line. */
export function paragraphs(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (const line of text.split("\n")) {
    if (line.trim()) out.push({ start, end: start + line.length });
    start += line.length + 1;
  }
  return out;
}

// A sentence ends at . ! ? before a blank (not inside "108.092", not "TP. Bến Tre").
const ABBREVIATED = /\b(?:tp|tx|tt|ths|ts|pgs|gs)$/;

export function sentences(text: string, para: Span): Span[] {
  const out: Span[] = [];
  let start = para.start;
  const re = /[.!?]+(?=\s|$)/g;
  re.lastIndex = para.start;
  const body = text.slice(0, para.end);
  for (let m = re.exec(body); m; m = re.exec(body)) {
    if (ABBREVIATED.test(body.slice(Math.max(start, m.index - 4), m.index))) continue;
    const end = m.index + m[0].length;
    if (body.slice(start, end).trim()) out.push({ start, end });
    start = end;
  }
  if (body.slice(start, para.end).trim()) out.push({ start, end: para.end });
  return out;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Every occurrence of each phrase inside the span, on word boundaries. */
export function occurrences<T extends { phrase: string }>(text: string, span: Span, phrases: readonly T[]): (T & Span)[] {
  const out: (T & Span)[] = [];
  const body = text.slice(span.start, span.end);
  for (const p of phrases) {
    for (let i = body.indexOf(p.phrase); i >= 0; i = body.indexOf(p.phrase, i + 1)) {
      const before = body[i - 1] ?? " ";
      const after = body[i + p.phrase.length] ?? " ";
      if (WORD_CHAR.test(before) || WORD_CHAR.test(after)) continue;
      out.push({ ...p, start: span.start + i, end: span.start + i + p.phrase.length });
    }
  }
  return out;
}

export interface NumberToken extends Span {
  /** The number parts as written: ["10", "19"] for "10/19", ["4.262,7"] otherwise. */
  parts: string[];
}

// Vietnamese grouping: "1.007,7", "108.092", "08", "317,9402". Anything else ("0275.3822") is not a figure.
const VALID = /^(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?$/;
const TOKEN = /(?<![\p{L}\p{N}]|\p{L}-)\d+(?:[.,]\d+)*(?:\/\d+(?:[.,]\d+)*)*/gu;

/**
 * Number tokens that can be figures: not document numbers ("3707/KH-UBND", "01-CT/TU"), not dates
 * ("23/10/2023"), not list markers ("(1)", "2." at the start of a paragraph).
 */
export function numberTokens(text: string, span: Span, paraStart: number): NumberToken[] {
  const out: NumberToken[] = [];
  TOKEN.lastIndex = span.start;
  const body = text.slice(0, span.end);
  for (let m = TOKEN.exec(body); m; m = TOKEN.exec(body)) {
    const start = m.index;
    const end = start + m[0].length;
    const parts = m[0].split("/");
    const after = text.slice(end, end + 3);
    if (/^\s*[/-]\s*\p{L}/u.test(after)) continue; // document number
    if (parts.length > 2 || !parts.every((p) => VALID.test(p))) continue;
    if (text[start - 1] === "(" && text[end] === ")") continue;
    if (!text.slice(paraStart, start).trim() && /^[.)]/.test(after)) continue;
    out.push({ start, end, parts });
  }
  return out;
}
