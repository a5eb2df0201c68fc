// What the parse worker does: every parser of pages, feeds and documents. Loaded only inside the
// worker (parse-worker.ts); the service imports just the type, through parse-in-worker.ts.
// HTML and XML parsers check nesting and size limits themselves (markup-limits.ts), wherever they
// run; the bounds on whole documents and plain text are added here.
import { parseFeed } from "../news/parse-feed.ts";
import { parseListing } from "../news/parse-listing.ts";
import { parseReportHtml, parseReportText } from "../reports/parse.ts";
import { ParseLimitError } from "./errors.ts";
import { checkLength } from "./markup-limits.ts";

/** The largest PDF or DOCX read: the size of the largest file a chat may send. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

function checkBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1).replace(".", ",")} MB`;
    throw new ParseLimitError(`Tệp quá lớn (${mb(bytes.byteLength)}, giới hạn ${mb(MAX_DOCUMENT_BYTES)}): không đọc.`);
  }
  return bytes;
}

export const parseTasks = {
  reportHtml: parseReportHtml,
  reportText(text: string, name?: string) {
    checkLength(text);
    return parseReportText(text, name);
  },
  // unpdf and mammoth are large; they load on the first document of their kind.
  async reportPdf(bytes: Uint8Array, name?: string) {
    return (await import("../reports/parse-pdf.ts")).parseReportPdf(checkBytes(bytes), name);
  },
  async reportDocx(bytes: Uint8Array, name?: string) {
    return (await import("../reports/parse-docx.ts")).parseReportDocx(checkBytes(bytes), name);
  },
  feed: parseFeed,
  listing: parseListing,
};

export type ParseTasks = typeof parseTasks;
