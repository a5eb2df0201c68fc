// A cheap first look at a page or feed before any DOM is built. Readability, linkedom and the
// block walker get far slower than linearly with nesting (2,000 nested <div>s took 49 s, 3,000
// overflowed the stack), so markup nested, sized or crowded beyond any real page is refused here,
// by one linear pass of htmlparser2's streaming tokenizer. linkedom builds its DOM from the same
// tokenizer, so the depth counted is the depth the DOM would have.
import { Parser } from "htmlparser2";
import { ParseLimitError } from "./errors.ts";

export interface MarkupLimits {
  /** Real pages nest a few dozen levels; at 256 Readability still takes well under a second. */
  maxDepth: number;
  /** A long listing page has a few thousand elements; 50,000 still parse in about 2 s. */
  maxElements: number;
  /** Characters; the same 5 MB the page and feed fetchers accept. */
  maxChars: number;
}

export const MARKUP_LIMITS: MarkupLimits = { maxDepth: 256, maxElements: 50_000, maxChars: 5 * 1024 * 1024 };

const count = (n: number) => n.toLocaleString("vi-VN");

/** Refuses input over the size limit; also used for plain text, which needs no tokenizer. */
export function checkLength(text: string, maxChars = MARKUP_LIMITS.maxChars): void {
  if (text.length > maxChars) {
    throw new ParseLimitError(`Tài liệu quá lớn (${count(text.length)} ký tự, giới hạn ${count(maxChars)}): không đọc.`);
  }
}

/** Throws ParseLimitError when HTML (or XML, for feeds) is too long, too deep or has too many elements. */
export function checkMarkupLimits(markup: string, { xml = false, limits = MARKUP_LIMITS }: { xml?: boolean; limits?: MarkupLimits } = {}): void {
  checkLength(markup, limits.maxChars);
  let depth = 0;
  let elements = 0;
  const parser = new Parser(
    {
      // Throwing from a callback stops the tokenizer at once, so refusing costs no more than the
      // markup read so far; the tokenizer's own stack of open tags never grows past maxDepth.
      onopentag() {
        if (++depth > limits.maxDepth) throw new ParseLimitError(`Tài liệu lồng thẻ quá sâu (hơn ${count(limits.maxDepth)} cấp): không đọc.`);
        if (++elements > limits.maxElements) throw new ParseLimitError(`Tài liệu có quá nhiều thẻ (hơn ${count(limits.maxElements)}): không đọc.`);
      },
      onclosetag() {
        depth--;
      },
    },
    { xmlMode: xml, decodeEntities: false },
  );
  parser.end(markup);
}
