// A report as the figure reader sees it: its title and date, and its body as an ordered list of
// blocks. Every format (HTML page, text file, PDF, DOCX) is turned into this one shape, so the
// figure reader never depends on where a report came from.

/** A heading or a paragraph of running text. */
export interface TextBlock {
  type: "heading" | "paragraph";
  text: string;
}

/**
 * A table with merged cells already spread out: a cell spanning two rows or columns appears in
 * each of them, so `rows[r][c]` is always the text a reader sees at that row and column.
 * Header rows come first; `headerRows` says how many there are (0 when none could be told).
 */
export interface TableBlock {
  type: "table";
  rows: string[][];
  headerRows: number;
  /** The table's <caption>, or null. */
  caption: string | null;
}

export type Block = TextBlock | TableBlock;

/**
 * Plain text of blocks: one block per paragraph, blocks separated by a blank line; a table's
 * caption and rows one per line, rows as "cell | cell | cell". Reports store this as their body,
 * so every line of it is a paragraph or a table row.
 */
export function blocksToText(blocks: readonly Block[]): string {
  const parts: string[] = [];
  for (const b of blocks) {
    if (b.type !== "table") parts.push(b.text);
    else parts.push([...(b.caption ? [b.caption] : []), ...b.rows.map((row) => row.join(" | "))].join("\n"));
  }
  return parts.filter(Boolean).join("\n\n");
}
