// PDF text runs grouped into lines, each cut into segments where a wide gap separates them (table
// cells, or the two halves of a letter header); running headers, footers and page numbers dropped.
import { tidy } from "../text/fold.ts";

export interface PdfItem {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export interface Segment {
  text: string;
  x0: number;
  x1: number;
}

export interface PdfLine {
  page: number;
  y: number;
  size: number;
  text: string;
  x0: number;
  x1: number;
  segments: Segment[];
}

/** Runs on one baseline (within a third of the font size) form a line; lines top to bottom. */
export function pageLines(items: readonly PdfItem[], page: number): PdfLine[] {
  const runs = items.filter((i) => i.str.trim() && i.size > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfItem[][] = [];
  for (const run of runs) {
    const g = groups.find((l) => Math.abs(l[0].y - run.y) <= Math.min(l[0].size, run.size) * 0.3);
    if (g) g.push(run);
    else groups.push([run]);
  }
  return groups
    .map((g) =>
      toLine(
        g.sort((a, b) => a.x - b.x),
        page,
      ),
    )
    .sort((a, b) => b.y - a.y);
}

function toLine(runs: PdfItem[], page: number): PdfLine {
  const size = Math.max(...runs.map((r) => r.size));
  const segments: Segment[] = [];
  let text = "";
  let prev: PdfItem | null = null;
  for (const run of runs) {
    const gap = prev ? run.x - (prev.x + prev.width) : 0;
    if (!prev || gap > Math.max(size * 0.8, 6)) {
      segments.push({ text: run.str, x0: run.x, x1: run.x + run.width });
    } else {
      const seg = segments.at(-1)!;
      // Ligatures ("fi") and split words come as touching runs: no space between them.
      seg.text += (gap > size * 0.15 ? " " : "") + run.str;
      seg.x1 = run.x + run.width;
    }
    prev = run;
  }
  for (const s of segments) s.text = tidy(s.text);
  text = segments.map((s) => s.text).join(" ");
  return { page, y: runs[0].y, size, text, x0: segments[0].x0, x1: segments.at(-1)!.x1, segments };
}

const PAGE_NUMBER = /^(?:trang\s*)?[-–(]?\s*\d{1,3}\s*(?:(?:\/|of|trên)\s*\d{1,3})?\s*[-–)]?$/iu;
const shape = (text: string): string => text.replace(/\d+/g, "#").toLowerCase();
/** Stray accent marks or glyph pieces: only single characters and no digit. */
const isDebris = (text: string): boolean => !/\d/.test(text) && text.split(/\s+/).every((w) => [...w].length <= 1);

/**
 * Drops, from the top and bottom three lines of each page, lines repeated on at least half the
 * pages (digits ignored, so "Trang 2" matches "Trang 3") and page numbers; drops glyph debris anywhere.
 */
export function dropPageFurniture(pages: PdfLine[][]): PdfLine[][] {
  const edge = (lines: PdfLine[]) => [...lines.slice(0, 3), ...lines.slice(-3)];
  const seen = new Map<string, number>();
  for (const lines of pages) for (const s of new Set(edge(lines).map((l) => shape(l.text)))) seen.set(s, (seen.get(s) ?? 0) + 1);
  const repeated = (l: PdfLine) => pages.length >= 2 && (seen.get(shape(l.text)) ?? 0) >= Math.max(2, pages.length / 2);
  return pages.map((lines) => {
    const edges = new Set(edge(lines));
    return lines.filter((l) => !isDebris(l.text) && !(edges.has(l) && (repeated(l) || PAGE_NUMBER.test(l.text))));
  });
}
