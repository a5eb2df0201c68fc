import type { NextFunction, Request, RequestHandler, Response } from "express";
import multer from "multer";
import { ACCEPTED_TYPES_TEXT, acceptedName, type IngestFileFn } from "../../handlers/ingest-file.ts";
import { type IngestLinkFn, LinkUnreadable, UNREADABLE_LINK } from "../../handlers/ingest-link.ts";
import type { IngestResult } from "../../services/reports/ingest.ts";

// The upload form's body and its checks. The file is read into memory by multer (busboy
// underneath), capped at the size the chat accepts; the bytes then go to the chat's own ingestion
// (ingestBytes, or ingestSource for a link), so a report reads the same whichever way it came.

export interface UploadFailure {
  status: number;
  field: "file" | "link";
  message: string;
  /** What went wrong underneath, for the log only (a refused address is not told to the form). */
  cause?: unknown;
}

const UPLOAD_FAILURE = "uploadFailure";

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1).replace(".", ",")} MB`;

/**
 * Reads a multipart upload into req.body and req.file, before the CSRF check (which needs
 * req.body._csrf: the form puts it before the file). A file over the cap or a malformed body is
 * not an error page: it is noted for the form to say.
 */
export function uploadBody(maxBytes: number): RequestHandler {
  const parse = multer({
    storage: multer.memoryStorage(),
    // Browsers send names as UTF-8 ("Báo cáo.pdf"); busboy would read them as Latin-1.
    defParamCharset: "utf8",
    limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 64 * 1024, parts: 10 },
  }).single("file");
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "POST") return next();
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      if (!(err instanceof multer.MulterError)) return next(err);
      const tooLarge = err.code === "LIMIT_FILE_SIZE";
      res.locals[UPLOAD_FAILURE] = {
        status: tooLarge ? 413 : 400,
        field: "file",
        message: tooLarge
          ? `Tệp vượt giới hạn ${megabytes(maxBytes)}, chưa lưu gì. Hãy chọn bản nhỏ hơn, hoặc dán đường link của báo cáo.`
          : "Biểu mẫu gửi lên không đọc được. Hãy tải lại trang rồi thử lại.",
      } satisfies UploadFailure;
      next();
    });
  };
}

export type UploadOutcome = { ok: true; stored: IngestResult } | ({ ok: false } & UploadFailure);

export interface Ingestion {
  ingestFile: IngestFileFn;
  ingestLink: IngestLinkFn;
}

const fail = (status: number, field: UploadFailure["field"], message: string, cause?: unknown): UploadOutcome => ({ ok: false, status, field, message, cause });
const quoted = (name: string) => (name ? `“${name}”` : "này");

/**
 * Checks the form (exactly one of a file and a link), then stores the report. A report that
 * cannot be read says why, in the ingestion's own Vietnamese words; nothing is stored then.
 * Database failures are not the form's: they are thrown.
 */
export async function storeUpload(req: Request, res: Response, { ingestFile, ingestLink }: Ingestion): Promise<UploadOutcome> {
  const noted = res.locals[UPLOAD_FAILURE] as UploadFailure | undefined;
  if (noted) return { ok: false, ...noted };
  const file = req.file;
  const link = typeof req.body?.link === "string" ? req.body.link.trim() : "";
  if (!file && !link) return fail(400, "file", "Hãy chọn tệp báo cáo, hoặc dán đường link của báo cáo.");
  if (file && link) return fail(400, "file", "Chỉ gửi một báo cáo mỗi lần: hãy chọn tệp hoặc dán đường link, không cả hai.");
  try {
    if (file) {
      const name = file.originalname;
      const accepted = acceptedName(name, file.mimetype || null);
      if (!accepted) return fail(415, "file", `Không nhận tệp ${quoted(name)}: chỉ nhận báo cáo dạng ${ACCEPTED_TYPES_TEXT}.`);
      if (file.size === 0) return fail(422, "file", `Tệp ${quoted(name)} trống, không có nội dung.`);
      return { ok: true, stored: await ingestFile({ bytes: file.buffer, name: accepted, contentType: file.mimetype || null }) };
    }
    if (!/^https?:\/\/\S+$/i.test(link)) return fail(400, "link", "Đường link phải là một địa chỉ đầy đủ, bắt đầu bằng http:// hoặc https://.");
    return { ok: true, stored: await ingestLink(link) };
  } catch (err) {
    if (err instanceof LinkUnreadable) return fail(422, "link", UNREADABLE_LINK, err.cause);
    if (!(err instanceof Error) || err.name.startsWith("PrismaClient")) throw err;
    return fail(422, file ? "file" : "link", `Chưa lưu được báo cáo: ${err.message}`, err);
  }
}
