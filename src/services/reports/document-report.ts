// A whole document (PDF, DOCX) is the report: no page chrome to remove, but it may be an official
// letter with its own header and tail. Turns its blocks into the stored report.
import path from "node:path";
import { cleanBlocks, findLabelledDate } from "./clean.ts";
import { blocksToText, type Block } from "./document.ts";
import { readOfficialLetter } from "./official-letter.ts";
import type { ParsedReport } from "./parse.ts";

/** Title: the letter's "BÁO CÁO" + subject, else the first heading, else the file name without extension. */
export function reportFromBlocks(input: readonly Block[], name?: string): ParsedReport {
  const letter = readOfficialLetter(input);
  const all = letter?.blocks ?? [...input];
  const heading = all.find((b) => b.type === "heading");
  const fileTitle = name ? path.basename(name, path.extname(name)) : "";
  const title = letter?.title ?? (heading?.type === "heading" ? heading.text : fileTitle);
  const { blocks, source } = cleanBlocks(all, title);
  return {
    title,
    url: null,
    publishedAt: findLabelledDate(blocksToText(input)) ?? letter?.publishedAt ?? null,
    source,
    body: blocksToText(blocks),
    blocks,
  };
}
