// Downloads a file that arrived in a chat. The URL may hold a bot token (Telegram's file URLs
// do), so it never appears in an error message: callers may show these errors and log them.
// A Zalo file URL comes from a webhook body, so downloads go through the safe fetch by default;
// only Telegram's, built on the operator's own API root, uses `operatorFetch`.
import { readCapped } from "./read-capped.ts";
import { publicOnlyFetch, type SafeFetch, UnsafeUrlError } from "./safe-fetch.ts";

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
  /** createSafeFetch with the deployment's allow list; by default one that reaches no private address. */
  safeFetch?: SafeFetch;
}

/** Plain fetch in SafeFetch's shape, without address checks: only for the operator's API roots. */
export const operatorFetch: SafeFetch = async (url, request) => {
  const response = await fetch(url, { ...request, redirect: "follow" });
  return { response, url: response.url || String(url) };
};

function reason(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `quá thời gian chờ (${Math.round(timeoutMs / 1000)} giây)`;
  // The refusal's own message names the host; the reason alone is enough here.
  if (e instanceof UnsafeUrlError) return "địa chỉ tệp không được phép tải";
  // Only the error's code or name: undici's messages and causes may quote the request URL.
  return `lỗi kết nối (${e?.cause?.code ?? e?.name ?? "không rõ"})`;
}

/** GETs `url` into memory, refusing more than `maxBytes` (announced or actually received). */
export async function downloadCapped(
  url: string,
  { maxBytes = MAX_CHAT_FILE_BYTES, timeoutMs = CHAT_FILE_TIMEOUT_MS, safeFetch = publicOnlyFetch() }: DownloadOptions = {},
): Promise<Uint8Array> {
  let response: Response;
  try {
    ({ response } = await safeFetch(url, { signal: AbortSignal.timeout(timeoutMs) }));
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
