// A PDF report: text runs with their positions (pdf.js through unpdf) become lines, tables and
// paragraphs. A line wrapped inside a paragraph is joined to the next one; a new item ("-", "1.",
// "a)"), an upper-case heading or a wider gap starts a new paragraph. unpdf is loaded only when a
// PDF arrives.
import type { Block } from "./document.ts";
import { reportFromBlocks } from "./document-report.ts";
import type { ParsedReport } from "./parse.ts";
import { dropPageFurniture, pageLines, type PdfItem, type PdfLine } from "./pdf-lines.ts";
import { findTables } from "./pdf-tables.ts";

const ENDS_SENTENCE = /[.!?:;…]["”)]?$|\/\.$/u;
const STARTS_ITEM = /^(?:[-+•–*]\s|\d{1,2}[.)]\s|[a-zđ]\)\s|[IVX]{1,5}\.\s)/u;
const isUpper = (s: string): boolean => /\p{L}/u.test(s) && s === s.toUpperCase();

async function readItems(bytes: Uint8Array): Promise<PdfItem[][]> {
  const { getDocumentProxy } = await import("unpdf");
  // pdf.js takes ownership of the buffer it is given: pass a copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const pages: PdfItem[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(
      content.items.flatMap((it) =>
        "str" in it ? [{ str: it.str, x: it.transform[4], y: it.transform[5], width: it.width, size: Math.hypot(it.transform[2], it.transform[3]) }] : [],
      ),
    );
  }
  await pdf.destroy();
  return pages;
}

/** The font size most of the text is set in. */
function bodySize(lines: PdfLine[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) weight.set(Math.round(l.size), (weight.get(Math.round(l.size)) ?? 0) + l.text.length);
  return [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 12;
}

export async function parseReportPdf(bytes: Uint8Array, name?: string): Promise<ParsedReport> {
  let pages: PdfItem[][];
  try {
    pages = await readItems(bytes);
  } catch (err) {
    throw new Error(`Không đọc được tệp PDF${name ? ` ${name}` : ""}: tệp hỏng hoặc không phải PDF.`, { cause: err });
  }
  const lines = dropPageFurniture(pages.map((items, i) => pageLines(items, i + 1)));
  const body = bodySize(lines.flat());
  // Where full lines end: a wrapped line that reaches it may end with "." or ";" mid-paragraph.
  const rightEdge = Math.max(
    0,
    ...lines
      .flat()
      .filter((l) => Math.round(l.size) === body)
      .map((l) => l.x1),
  );
  const blocks: Block[] = [];
  let para: PdfLine[] = [];
  const flush = () => {
    if (!para.length) return;
    const text = para.map((l) => l.text).join(" ");
    const heading = (isUpper(text) && text.length <= 150) || (para[0].size > body * 1.1 && text.length <= 200);
    blocks.push({ type: heading ? "heading" : "paragraph", text });
    para = [];
  };
  for (const units of lines.map(findTables)) {
    for (const unit of units) {
      if (unit.kind === "table") {
        flush();
        blocks.push(unit.table);
        continue;
      }
      const line = unit.line;
      const prev = para.at(-1);
      const close = prev !== undefined && prev.page === line.page && prev.y - line.y <= line.size * 1.6;
      const full = prev !== undefined && prev.x1 >= rightEdge - prev.size * 3;
      const joins =
        prev !== undefined &&
        !STARTS_ITEM.test(line.text) &&
        !isUpper(line.text) &&
        !isUpper(prev.text) &&
        Math.abs(prev.size - line.size) <= 1 &&
        // A wider gap than a wrapped line's ends the paragraph; across a page break only the text tells.
        (close || prev.page !== line.page) &&
        (!ENDS_SENTENCE.test(prev.text) || (close && full));
      if (!joins) flush();
      para.push(line);
    }
  }
  flush();
  return reportFromBlocks(blocks, name);
}
