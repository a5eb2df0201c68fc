// Downloads a file that arrived in a chat. The URL may hold a bot token (Telegram's file URLs
// do), so it never appears in an error message: callers may show these errors and log them.
import { readCapped } from "./read-capped.ts";

/** Telegram's Bot API serves files of at most 20 MB; Zalo gets the same cap. */
export const MAX_CHAT_FILE_BYTES = 20 * 1024 * 1024;
export const CHAT_FILE_TIMEOUT_MS = 60_000;

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`tệp lớn hơn giới hạn ${Math.round(maxBytes / (1024 * 1024))} MB`);
    this.name = "FileTooLargeError";
  }
}

export interface DownloadOptions {
  maxBytes?: number;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

function reason(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `quá thời gian chờ (${Math.round(timeoutMs / 1000)} giây)`;
  // Only the error's code or name: undici's messages and causes may quote the request URL.
  return `lỗi kết nối (${e?.cause?.code ?? e?.name ?? "không rõ"})`;
}

/** GETs `url` into memory, refusing more than `maxBytes` (announced or actually received). */
export async function downloadCapped(url: string, { maxBytes = MAX_CHAT_FILE_BYTES, timeoutMs = CHAT_FILE_TIMEOUT_MS, fetchImpl = fetch }: DownloadOptions = {}): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchImpl(url, { redirect: "follow", signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new Error(reason(err, timeoutMs));
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`máy chủ trả về HTTP ${response.status}`);
  }
  try {
    return await readCapped(response, maxBytes, () => new FileTooLargeError(maxBytes));
  } catch (err) {
    if (err instanceof FileTooLargeError) throw err;
    throw new Error(reason(err, timeoutMs));
  }
}
