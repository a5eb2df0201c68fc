// Walks an HTML element tree (an article chosen by Readability, or a DOCX converted by mammoth)
// and returns its headings, paragraphs and tables in reading order.
import type { Block, TableBlock } from "./document.ts";
import { expandGrid, makeTable, type SourceCell } from "./table-grid.ts";
import { tidy } from "../text/fold.ts";

const BLOCK_TAGS = new Set(
  "ADDRESS ARTICLE ASIDE BLOCKQUOTE CAPTION DD DIV DL DT FIGCAPTION FIGURE FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HR LI MAIN NAV OL P PRE SECTION TBODY THEAD TFOOT TR TD TH UL".split(
    " ",
  ),
);
const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "IFRAME", "HEAD"]);
const BOLD_TAGS = new Set(["B", "STRONG"]);
/** A bold-only line longer than this is an emphasised paragraph, not a heading. */
const MAX_BOLD_HEADING = 160;

const tagOf = (node: Node): string => (node.nodeType === 1 ? (node as Element).tagName.toUpperCase() : "");

/** Text of an element with <br> and block boundaries read as spaces, tidied (NFC, one space). */
export function inlineText(root: Node): string {
  let out = "";
  const walk = (node: Node): void => {
    if (node.nodeType === 3) out += node.nodeValue ?? "";
    if (node.nodeType !== 1) return;
    const tag = tagOf(node);
    if (SKIP_TAGS.has(tag)) return;
    if (tag === "BR" || BLOCK_TAGS.has(tag)) out += " ";
    for (const child of Array.from(node.childNodes)) walk(child);
    if (BLOCK_TAGS.has(tag)) out += " ";
  };
  walk(root);
  return tidy(out);
}

/** The rows that belong to this table itself, not to a table nested in one of its cells. */
function ownRows(table: Element): Element[] {
  return Array.from(table.querySelectorAll("tr")).filter((tr) => tr.closest("table") === table);
}

const cellsOf = (tr: Element): Element[] => Array.from(tr.children).filter((c) => tagOf(c) === "TD" || tagOf(c) === "TH");

/** Layout tables (one cell, or cells holding other tables) are read as ordinary content. */
export function isDataTable(table: Element): boolean {
  const rows = ownRows(table);
  if (rows.length === 0 || table.querySelector("table")) return false;
  return rows.length >= 2 || cellsOf(rows[0]).length >= 2;
}

export function tableToBlock(table: Element): TableBlock {
  const trs = ownRows(table);
  const source: SourceCell[][] = trs.map((tr) =>
    cellsOf(tr).map((td) => ({
      text: inlineText(td),
      rowspan: Number(td.getAttribute("rowspan") ?? 1),
      colspan: Number(td.getAttribute("colspan") ?? 1),
    })),
  );
  const rows = expandGrid(source);
  // Marked headers: rows inside <thead>, or rows made only of <th> cells.
  let marked = 0;
  while (marked < trs.length && (trs[marked].closest("thead") !== null || (cellsOf(trs[marked]).length > 0 && cellsOf(trs[marked]).every((c) => tagOf(c) === "TH")))) {
    marked++;
  }
  const caption = Array.from(table.children).find((c) => tagOf(c) === "CAPTION");
  return makeTable(rows, marked > 0 ? marked : null, caption ? inlineText(caption) : null);
}

/** Headings, paragraphs (one per block element, <li> and line break) and tables, in document order. */
export function domToBlocks(root: Node): Block[] {
  const blocks: Block[] = [];
  let text = "";
  let boldText = "";
  let forcedHeading = false;
  const flush = (): void => {
    const t = tidy(text);
    if (t) {
      const boldOnly = tidy(boldText) === t && t.length <= MAX_BOLD_HEADING;
      blocks.push({ type: forcedHeading || boldOnly ? "heading" : "paragraph", text: t });
    }
    text = "";
    boldText = "";
  };
  const walk = (node: Node, bold: boolean): void => {
    if (node.nodeType === 3) {
      const value = node.nodeValue ?? "";
      text += value;
      if (bold) boldText += value;
      else if (value.trim()) boldText += "\u0000"; // plain text: the line is not bold-only
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = tagOf(node);
    if (SKIP_TAGS.has(tag)) return;
    if (tag === "TABLE" && isDataTable(node as Element)) {
      flush();
      blocks.push(tableToBlock(node as Element));
      return;
    }
    if (tag === "BR") {
      flush();
      return;
    }
    const isBlock = BLOCK_TAGS.has(tag) || tag === "TABLE";
    const heading = /^H[1-6]$/.test(tag);
    if (isBlock) flush();
    if (heading) forcedHeading = true;
    for (const child of Array.from(node.childNodes)) walk(child, bold || BOLD_TAGS.has(tag));
    if (isBlock) flush();
    if (heading) forcedHeading = false;
  };
  walk(root, false);
  flush();
  return blocks;
}
