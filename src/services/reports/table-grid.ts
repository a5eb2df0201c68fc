// Turns table rows as written (cells with row and column spans) into the rectangular grid the
// figure reader expects, and tells how many leading rows are headers.
import type { TableBlock } from "./document.ts";
import { tidy } from "../text/fold.ts";

export interface SourceCell {
  text: string;
  rowspan?: number;
  colspan?: number;
}

const MAX_SPAN = 50;
const span = (n: number | undefined): number => (n && Number.isFinite(n) && n >= 1 ? Math.min(Math.floor(n), MAX_SPAN) : 1);

/** Spreads merged cells out: a cell covering two rows or columns is repeated in each position. */
export function expandGrid(rows: readonly (readonly SourceCell[])[]): string[][] {
  const grid: (string | undefined)[][] = rows.map(() => []);
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (grid[r][c] !== undefined) c++;
      const text = tidy(cell.text);
      const down = Math.min(span(cell.rowspan), rows.length - r);
      const across = span(cell.colspan);
      for (let dr = 0; dr < down; dr++) for (let dc = 0; dc < across; dc++) grid[r + dr][c + dc] = text;
      c += across;
    }
  });
  const width = Math.max(0, ...grid.map((row) => row.length));
  return grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ""));
}

// "4.712,4", "-3,15", "(12)", "98,36%", "+9,75": a cell holding a figure, not a label.
// A bare year ("2024") is a column label as often as a value, so it does not count.
const NUMBER_CELL = /^[+\-−–(]?\s*\d[\d.,\s]*\)?\s*%?$/u;
export function isNumberLike(cell: string): boolean {
  const t = cell.trim();
  return NUMBER_CELL.test(t) && !/^(?:19|20)\d\d$/.test(t);
}

/** Leading rows without any number-like cell, or 0 when no row has a number (nothing to tell them apart). */
export function guessHeaderRows(rows: readonly string[][]): number {
  const firstNumeric = rows.findIndex((row) => row.some(isNumberLike));
  return Math.max(firstNumeric, 0);
}

export function makeTable(rows: string[][], headerRows: number | null, caption: string | null): TableBlock {
  return { type: "table", rows, headerRows: headerRows ?? guessHeaderRows(rows), caption: caption ? tidy(caption) || null : null };
}
