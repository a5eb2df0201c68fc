// One entry point for every way a report arrives: a link, a saved page, a text file, a PDF or
// DOCX file, or a file that staff send in a chat. Every format is parsed in the parse worker,
// under a deadline, so no page or document can freeze the service.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../db.ts";
import { parseInWorker } from "../parsing/parse-in-worker.ts";
import { decodePage, type FetchedPage } from "./fetch-page.ts";
import type { ParsedReport } from "./parse.ts";
import { fileKey, storeReport, type Extractor, type StoreResult } from "./store.ts";

export interface IngestDeps {
  extract: Extractor;
  fetchPage: (url: string) => Promise<FetchedPage>;
  force?: boolean;
}

export type IngestResult = StoreResult & { parsed: ParsedReport };

export interface UploadedFile {
  bytes: Uint8Array;
  name: string;
  contentType?: string | null;
}

type Format = "html" | "text" | "pdf" | "docx";

const HTML_TYPES = /^(?:text\/html|application\/xhtml\+xml)\b/i;
const DOCX_TYPE = /^application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document\b/i;
const EXTENSIONS: Record<string, Format> = { ".html": "html", ".htm": "html", ".txt": "text", ".pdf": "pdf", ".docx": "docx" };
const ACCEPTED = "chỉ nhận tệp .pdf, .docx, .html, .htm hoặc .txt";

const isPdf = (b: Uint8Array) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46; // %PDF
const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b; // PK

/** The format by file extension, then by content type, then by the first bytes. */
function formatOf(name: string, contentType: string | null | undefined, bytes: Uint8Array): Format | null {
  const byExt = EXTENSIONS[path.extname(name).toLowerCase()];
  if (byExt) return byExt;
  const type = contentType ?? "";
  if (/^application\/pdf\b/i.test(type)) return "pdf";
  if (DOCX_TYPE.test(type)) return "docx";
  if (HTML_TYPES.test(type)) return "html";
  if (/^text\/plain\b/i.test(type)) return "text";
  return isPdf(bytes) ? "pdf" : isZip(bytes) ? "docx" : null;
}

/** Parses bytes in a known format; a PDF or DOCX whose bytes say otherwise is refused. */
async function parseAs(format: Format, bytes: Uint8Array, name: string, contentType?: string | null): Promise<ParsedReport> {
  if ((format === "pdf" && !isPdf(bytes)) || (format === "docx" && !isZip(bytes))) {
    throw new Error(`Tệp "${name}" không phải tệp ${format.toUpperCase()} hợp lệ: ${ACCEPTED}.`);
  }
  switch (format) {
    case "pdf":
      return parseInWorker("reportPdf", bytes, name);
    case "docx":
      return parseInWorker("reportDocx", bytes, name);
    case "text":
      return parseInWorker("reportText", new TextDecoder().decode(bytes), name);
    case "html":
      // Saved pages may declare a legacy charset in a <meta> tag.
      return parseInWorker("reportHtml", decodePage(bytes, contentType));
  }
}

async function parseFetched(page: FetchedPage): Promise<ParsedReport> {
  const type = page.contentType ?? "text/html";
  if (HTML_TYPES.test(type)) return parseInWorker("reportHtml", page.html, page.finalUrl);
  if (/^text\/plain\b/i.test(type)) return { ...(await parseInWorker("reportText", page.html)), url: page.finalUrl };
  const format = page.bytes ? formatOf(new URL(page.finalUrl).pathname, type, page.bytes) : null;
  if (page.bytes && (format === "pdf" || format === "docx")) {
    const name = decodeURIComponent(path.basename(new URL(page.finalUrl).pathname)) || page.finalUrl;
    try {
      return { ...(await parseAs(format, page.bytes, name, type)), url: page.finalUrl };
    } catch (err) {
      throw new Error(`Không đọc được ${page.finalUrl} (${type.split(";")[0]}): ${(err as Error).message}`, { cause: err });
    }
  }
  throw new Error(`Không đọc được ${page.finalUrl}: loại nội dung "${type.split(";")[0]}" không phải trang web, văn bản, PDF hay DOCX.`);
}

async function parseFile(file: string): Promise<ParsedReport> {
  const format = EXTENSIONS[path.extname(file).toLowerCase()];
  if (!format) throw new Error(`Không hỗ trợ tệp "${path.basename(file)}": ${ACCEPTED}.`);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `Không tìm thấy tệp: ${file}` : `Không đọc được tệp ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseAs(format, bytes, path.basename(file));
}

async function store(db: Db, parsed: ParsedReport, key: string | null, label: string, deps: IngestDeps): Promise<IngestResult> {
  if (!parsed.body) throw new Error(`Không tìm thấy nội dung bài viết trong ${label}.`);
  const stored = await storeReport(db, parsed, { extract: deps.extract, url: key, force: deps.force });
  return { ...stored, parsed };
}

/** Parses, extracts and stores one report from an http(s) URL or a .html/.htm/.txt/.pdf/.docx file. */
export async function ingestSource(db: Db, source: string, deps: IngestDeps): Promise<IngestResult> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(source)?.[1]?.toLowerCase();
  if (scheme === "http" || scheme === "https") return store(db, await parseFetched(await deps.fetchPage(source)), null, source, deps);
  if (scheme) throw new Error(`Chỉ nhận địa chỉ http hoặc https, không nhận: ${source}`);
  return store(db, await parseFile(source), fileKey(source), source, deps);
}

/**
 * Stores a file sent in a chat, identified as `file:<name>`. The parser is chosen by the file's
 * extension, then its content type, then its first bytes (%PDF, PK); anything else is refused.
 */
export async function ingestBytes(db: Db, file: UploadedFile, deps: IngestDeps): Promise<IngestResult> {
  const name = path.basename(file.name || "tep");
  const format = formatOf(name, file.contentType, file.bytes);
  if (!format) throw new Error(`Không đọc được tệp "${name}": ${ACCEPTED}.`);
  return store(db, await parseAs(format, file.bytes, name, file.contentType), fileKey(name), name, deps);
}
