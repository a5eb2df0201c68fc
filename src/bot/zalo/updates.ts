// What a Zalo Bot Platform webhook body says, read defensively: field names vary between senders.
import { platformId as id, withUsableIds } from "../platform-ids.ts";

/** A file message as far as the webhook body describes it; `url` is where to download it from. */
export interface ZaloFile {
  url?: string;
  name: string;
  size: number | null;
  contentType: string | null;
}

export interface ZaloMessage {
  messageId: string;
  chatId: string;
  userId: string;
  isBot: boolean;
  chatType: "private" | "group";
  text?: string;
  file?: ZaloFile;
}

const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const httpUrl = (v: unknown): string | undefined => {
  const s = str(v);
  return s && /^https?:\/\//i.test(s) ? s : undefined;
};
const count = (v: unknown): number | null => {
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
};
const first = <T>(...values: (T | undefined | null)[]): T | undefined => values.find((v) => v !== undefined && v !== null) ?? undefined;

// Zalo's Bot Platform documents text, image, sticker and "unsupported" messages; a file (document)
// event could not be confirmed in its documentation. Open-source Zalo bots disagree on it: some
// handle `message.file.received` with `message.file.{url,name}`, others `message.document.received`
// with `message.document` (a URL) plus `file_name` and `mime_type`, others `attachment_url` and
// `attachment_name`, or OA-style `attachments[0].payload.{url,name}`. So, defensively: these event
// names are file messages, and so is any message (other than an image or a sticker) that carries
// one of those document URL fields. Whatever the shape, a file message goes to the core as a file.
const FILE_EVENTS = new Set(["message.file.received", "message.document.received", "message.pdf.received"]);
const NOT_FILES = new Set(["message.image.received", "message.sticker.received"]);

function fileOf(event: string, m: Record<string, unknown>): ZaloFile | undefined {
  const file = obj(m.file);
  const doc = obj(m.document);
  const payload = obj(obj(Array.isArray(m.attachments) ? m.attachments[0] : undefined)?.payload);
  const documentUrl = first(
    httpUrl(file?.url),
    httpUrl(m.document),
    httpUrl(doc?.url),
    httpUrl(m.file_url),
    httpUrl(m.document_url),
    httpUrl(m.attachment_url),
    httpUrl(payload?.url),
  );
  const fileEvent = FILE_EVENTS.has(event);
  if (!fileEvent && (NOT_FILES.has(event) || !documentUrl)) return undefined;
  // A bare `url` only counts inside an event that is known to be a file.
  const url = documentUrl ?? (fileEvent ? httpUrl(m.url) : undefined);
  let fromUrl = "";
  try {
    if (url) fromUrl = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
  } catch {
    fromUrl = "";
  }
  return {
    url,
    name: first(str(file?.name), str(file?.file_name), str(m.file_name), str(doc?.file_name), str(doc?.name), str(m.attachment_name), str(payload?.name), str(m.name)) ?? fromUrl,
    size: first(count(file?.size), count(file?.file_size), count(m.file_size), count(doc?.file_size), count(payload?.size), count(m.size)) ?? null,
    contentType: first(str(file?.mime_type), str(file?.type), str(m.mime_type), str(m.mimetype), str(doc?.mime_type), str(payload?.type)) ?? null,
  };
}

/** Accepts `{ok, result: {event_name, message}}` and the bare `{event_name, message}`; undefined for an unusable id. */
export function parseUpdate(body: unknown): { event: string; message?: ZaloMessage } | undefined {
  return withUsableIds(() => readUpdate(body));
}

function readUpdate(body: unknown): { event: string; message?: ZaloMessage } | undefined {
  const outer = obj(body);
  const inner = obj(outer?.result) ?? outer;
  if (!inner || typeof inner.event_name !== "string") return undefined;
  const event = inner.event_name;
  if (!event.startsWith("message.")) return { event };
  const m = obj(inner.message);
  const messageId = id(m?.message_id);
  const chatId = id(obj(m?.chat)?.id);
  const userId = id(obj(m?.from)?.id) ?? chatId;
  if (!m || !messageId || !chatId || !userId) return undefined;
  const file = fileOf(event, m);
  // A file's caption is kept as its text; it is never read as a question.
  const text = typeof m.text === "string" ? m.text : file && typeof m.caption === "string" ? m.caption : undefined;
  const chatType = String(obj(m.chat)?.chat_type ?? "").toUpperCase() === "GROUP" ? "group" : "private";
  return { event, message: { messageId, chatId, userId, isBot: obj(m.from)?.is_bot === true, chatType, text, ...(file && { file }) } };
}
