// One entry point for every way a report arrives: a link, a saved page or a text file.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../db.ts";
import { decodePage, type FetchedPage } from "./fetch-page.ts";
import { parseReportHtml, parseReportText, type ParsedReport } from "./parse.ts";
import { fileKey, storeReport, type Extractor, type StoreResult } from "./store.ts";

export interface IngestDeps {
  extract: Extractor;
  fetchPage: (url: string) => Promise<FetchedPage>;
  force?: boolean;
}

export type IngestResult = StoreResult & { parsed: ParsedReport };

const HTML_TYPES = /^(?:text\/html|application\/xhtml\+xml)\b/i;

function parseFetched(page: FetchedPage): ParsedReport {
  const type = page.contentType ?? "text/html";
  if (HTML_TYPES.test(type)) return parseReportHtml(page.html, page.finalUrl);
  if (/^text\/plain\b/i.test(type)) return { ...parseReportText(page.html), url: page.finalUrl };
  throw new Error(`Không đọc được ${page.finalUrl}: loại nội dung "${type.split(";")[0]}" không phải trang web hay văn bản.`);
}

async function parseFile(file: string): Promise<ParsedReport> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== ".html" && ext !== ".htm" && ext !== ".txt") {
    throw new Error(`Không hỗ trợ tệp "${path.basename(file)}": chỉ nhận tệp .html, .htm hoặc .txt.`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === "ENOENT" ? `Không tìm thấy tệp: ${file}` : `Không đọc được tệp ${file}: ${(err as Error).message}`, { cause: err });
  }
  // Saved pages may declare a legacy charset in a <meta> tag; text files are taken as UTF-8.
  if (ext === ".txt") return parseReportText(new TextDecoder().decode(bytes), path.basename(file));
  return parseReportHtml(decodePage(bytes));
}

/** Parses, extracts and stores one report from an http(s) URL, a .html/.htm file or a .txt file. */
export async function ingestSource(db: Db, source: string, deps: IngestDeps): Promise<IngestResult> {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(source)?.[1]?.toLowerCase();
  let parsed: ParsedReport;
  let fallbackKey: string | null = null;
  if (scheme === "http" || scheme === "https") {
    parsed = parseFetched(await deps.fetchPage(source));
  } else if (scheme) {
    throw new Error(`Chỉ nhận địa chỉ http hoặc https, không nhận: ${source}`);
  } else {
    parsed = await parseFile(source);
    fallbackKey = fileKey(source);
  }
  if (!parsed.body) throw new Error(`Không tìm thấy nội dung bài viết trong ${source}.`);
  const stored = await storeReport(db, parsed, { extract: deps.extract, url: fallbackKey, force: deps.force });
  return { ...stored, parsed };
}
