// Blocks from plain-text lines: lines between blank lines form a paragraph (its line breaks kept),
// a short unpunctuated line before a longer one is a heading, and three or more consecutive lines
// cut into the same number of cells by " | " or tabs are a table.
import type { Block } from "./document.ts";
import { makeTable } from "./table-grid.ts";
import { tidy } from "../text/fold.ts";

const MAX_HEADING = 80;
const CELL_SPLIT = /\s+\|\s+|\t+/;

function cellsOf(line: string): string[] | null {
  const raw = line.replace(/^\s*\|\s*|\s*\|\s*$/g, "");
  if (!CELL_SPLIT.test(raw)) return null;
  const cells = raw.split(CELL_SPLIT).map(tidy);
  return cells.length >= 2 ? cells : null;
}

const endsSentence = (line: string): boolean => /[.!?:;,…)"”]$/u.test(line);

/** Lines as read (untidied); "" marks a paragraph break. */
export function textToBlocks(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ type: "paragraph", text: para.join("\n") });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    // A table: 3+ consecutive lines with the same number of cells.
    const first = cellsOf(lines[i]);
    if (first) {
      let j = i + 1;
      while (j < lines.length && cellsOf(lines[j])?.length === first.length) j++;
      if (j - i >= 3) {
        flush();
        blocks.push(
          makeTable(
            lines.slice(i, j).map((l) => cellsOf(l)!),
            null,
            null,
          ),
        );
        i = j - 1;
        continue;
      }
    }
    const line = tidy(lines[i]);
    if (!line) {
      flush();
      continue;
    }
    const next = tidy(lines[i + 1] ?? "") || tidy(lines[i + 2] ?? "");
    if (para.length === 0 && line.length <= MAX_HEADING && !endsSentence(line) && next.length > line.length && !/^[-+•*]/u.test(line)) {
      blocks.push({ type: "heading", text: line });
      continue;
    }
    para.push(line);
  }
  flush();
  return blocks;
}
