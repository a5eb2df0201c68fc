import path from "node:path";
import { FileTooLargeError, MAX_CHAT_FILE_BYTES } from "../services/http/download.ts";
import type { IngestResult } from "../services/reports/ingest.ts";
import { storedReply } from "./ingest-reply.ts";
import { isStaff } from "./staff.ts";
import type { BotReply, BotRequest } from "./types.ts";

/** A downloaded file, handed to the report ingestion (`ingestBytes` in services/reports/ingest.ts). */
export interface FileToIngest {
  bytes: Uint8Array;
  name: string;
  contentType?: string | null;
}

export type IngestFileFn = (file: FileToIngest) => Promise<IngestResult>;

/** The report formats staff may send, by extension and by content type. */
const FORMATS: { ext: string; types: string[] }[] = [
  { ext: ".pdf", types: ["application/pdf"] },
  { ext: ".docx", types: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] },
  { ext: ".html", types: ["text/html", "application/xhtml+xml"] },
  { ext: ".htm", types: [] },
  { ext: ".txt", types: ["text/plain"] },
];
export const ACCEPTED_EXTENSIONS = FORMATS.map((f) => f.ext);
export const ACCEPTED_TYPES_TEXT = "PDF (.pdf), Word (.docx), trang web (.html, .htm) hoặc văn bản (.txt)";

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1).replace(".", ",")} MB`;
const quoted = (name: string) => (name ? `“${name}”` : "này");

/**
 * The name the ingestion will see: the file's own when its extension is accepted; a name given
 * the extension its content type implies when it has none; null when the format is not accepted.
 */
export function acceptedName(name: string, contentType: string | null): string | null {
  const ext = path.extname(name).toLowerCase();
  if (ext) return ACCEPTED_EXTENSIONS.includes(ext) ? name : null;
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  const format = FORMATS.find((f) => f.types.includes(type));
  return format ? `${name || "bao-cao"}${format.ext}` : null;
}

export interface FileIngestDeps {
  staffIds: ReadonlySet<string>;
  ingestFile: IngestFileFn;
  maxBytes?: number;
}

/**
 * Staff send a report as a file (PDF, DOCX, HTML or TXT) to have it stored; everyone else is told
 * they cannot, and their file is never downloaded. Null when the message holds no file.
 */
export function createFileIngest({ staffIds, ingestFile, maxBytes = MAX_CHAT_FILE_BYTES }: FileIngestDeps) {
  return async function ingestFileMessage(request: BotRequest): Promise<BotReply | null> {
    const file = request.file;
    if (!file) return null;
    if (!isStaff(staffIds, request)) {
      return { intent: "ingest_denied", text: "Xin lỗi, chỉ cán bộ của Sở mới thêm được báo cáo bằng tệp gửi vào đây. Bạn cần tra số liệu nào, cứ gõ câu hỏi cho tôi nhé." };
    }
    const name = acceptedName(file.name, file.contentType);
    if (!name) {
      const old = /\.(doc|xls|xlsx|ppt)$/i.test(file.name) ? " Với tệp Word đời cũ (.doc), anh/chị lưu lại dạng .docx hoặc PDF rồi gửi lại." : "";
      return { intent: "ingest_unsupported", text: `Tôi chưa đọc được tệp ${quoted(file.name)}. Bot chỉ nhận báo cáo dạng ${ACCEPTED_TYPES_TEXT}.${old}` };
    }
    const tooLarge: BotReply = {
      intent: "ingest_too_large",
      text: `Tệp ${quoted(file.name)}${file.size ? ` nặng ${megabytes(file.size)},` : ""} vượt giới hạn ${megabytes(maxBytes)} nên tôi không tải về. Anh/chị gửi bản nhỏ hơn, hoặc gửi đường link của báo cáo.`,
    };
    // Refused before any download: Telegram itself will not hand out files over 20 MB.
    if (file.size !== null && file.size > maxBytes) return tooLarge;
    let bytes: Uint8Array;
    try {
      bytes = await file.download();
    } catch (err) {
      if (err instanceof FileTooLargeError) return tooLarge;
      return { intent: "ingest_failed", text: `Không tải được tệp ${quoted(file.name)}: ${(err as Error).message}. Anh/chị vui lòng gửi lại sau ít phút.` };
    }
    try {
      return storedReply(await ingestFile({ bytes, name, contentType: file.contentType }));
    } catch (err) {
      return { intent: "ingest_failed", text: `Không lưu được báo cáo từ tệp ${quoted(file.name)}: ${(err as Error).message}` };
    }
  };
}
