// Finds tables among the lines of a PDF page: runs of lines whose segments line up in the same
// columns. Columns come from the lines with three or more segments; a cell text that spans two
// columns (a merged header) is repeated in each. Anything doubtful is left as lines.
import type { TableBlock } from "./document.ts";
import type { PdfLine, Segment } from "./pdf-lines.ts";
import { makeTable } from "./table-grid.ts";

export type PageUnit = { kind: "line"; line: PdfLine } | { kind: "table"; table: TableBlock };

interface Column {
  x0: number;
  x1: number;
}

const isAnchor = (l: PdfLine): boolean => l.segments.length >= 3;
const sameFont = (a: PdfLine, b: PdfLine): boolean => Math.abs(a.size - b.size) <= 1;
const overlaps = (s: Segment, c: Column): boolean => Math.min(s.x1, c.x1) - Math.max(s.x0, c.x0) > 0;

/** Column extents: the segments of the anchor lines, merged where they overlap. */
function columnsOf(anchors: PdfLine[]): Column[] {
  const spans = anchors.flatMap((l) => l.segments.map((s) => ({ x0: s.x0, x1: s.x1 }))).sort((a, b) => a.x0 - b.x0);
  const cols: Column[] = [];
  for (const s of spans) {
    const last = cols.at(-1);
    if (last && s.x0 < last.x1) last.x1 = Math.max(last.x1, s.x1);
    else cols.push({ ...s });
  }
  return cols;
}

/** A line that may belong to a table with these columns: no segment covers three columns or more. */
const fits = (l: PdfLine, cols: Column[]): boolean => l.segments.every((s) => cols.filter((c) => overlaps(s, c)).length <= 2);

function buildTable(lines: PdfLine[], cols: Column[]): TableBlock | null {
  const size = lines[0].size;
  // Rows: lines closer than 1.5 em belong to the same row (a wrapped or vertically centred cell).
  const rows: PdfLine[][] = [];
  for (const l of lines) {
    const last = rows.at(-1);
    if (last && last.at(-1)!.y - l.y <= size * 1.5) last.push(l);
    else rows.push([l]);
  }
  const grid = rows.map((row) => {
    const cells = cols.map(() => [] as string[]);
    for (const l of row) for (const s of l.segments) for (const [i, c] of cols.entries()) if (overlaps(s, c)) cells[i].push(s.text);
    return cells.map((c) => c.join(" "));
  });
  if (grid.length < 2 || grid.some((r) => r.filter(Boolean).length < 2)) return null;
  return makeTable(grid, null, null);
}

/** Splits one page's lines into plain lines and tables, in reading order. */
export function findTables(lines: PdfLine[]): PageUnit[] {
  const out: PageUnit[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isAnchor(lines[i])) {
      out.push({ kind: "line", line: lines[i++] });
      continue;
    }
    const size = lines[i].size;
    const near = (a: PdfLine, b: PdfLine) => a.y - b.y <= size * 2.5 && sameFont(a, b);
    // Core: from this anchor to the last anchor reachable through close lines of the same font.
    let end = i;
    for (let j = i + 1; j < lines.length && near(lines[j - 1], lines[j]); j++) if (isAnchor(lines[j])) end = j;
    const cols = columnsOf(lines.slice(i, end + 1).filter(isAnchor));
    let start = i;
    while (start > 0 && out.at(-1)?.kind === "line" && near(lines[start - 1], lines[start]) && fits(lines[start - 1], cols)) {
      start--;
      out.pop();
    }
    while (
      end + 1 < lines.length &&
      near(lines[end], lines[end + 1]) &&
      !isAnchor(lines[end + 1]) &&
      fits(lines[end + 1], cols) &&
      (lines[end + 1].segments.length > 1 || lines[end].y - lines[end + 1].y <= size * 1.5)
    )
      end++;
    const region = lines.slice(start, end + 1);
    const table = cols.length >= 2 && region.every((l) => fits(l, cols)) ? buildTable(region, cols) : null;
    if (table) out.push({ kind: "table", table });
    else for (const l of region) out.push({ kind: "line", line: l });
    i = end + 1;
  }
  return out;
}
