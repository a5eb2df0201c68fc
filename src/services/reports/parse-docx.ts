// A DOCX report: mammoth turns it into HTML (keeping tables and their merged cells), and the same
// walker as for web pages turns that into blocks. mammoth is loaded only when a DOCX arrives.
import { parseHTML } from "linkedom";
import { checkMarkupLimits } from "../parsing/markup-limits.ts";
import { domToBlocks } from "./html-blocks.ts";
import { reportFromBlocks } from "./document-report.ts";
import type { ParsedReport } from "./parse.ts";

export async function parseReportDocx(bytes: Uint8Array, name?: string): Promise<ParsedReport> {
  const mammoth = (await import("mammoth")).default;
  let html: string;
  try {
    ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }));
  } catch (err) {
    throw new Error(`Không đọc được tệp DOCX${name ? ` ${name}` : ""}: tệp hỏng hoặc không phải văn bản Word (.docx).`, { cause: err });
  }
  // A document of nested tables is as deep as a page: the same limits guard the block walker.
  checkMarkupLimits(html);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return reportFromBlocks(domToBlocks(document.body), name);
}
