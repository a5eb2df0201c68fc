// Downloads one article page. Pages come from links people paste and links in feeds, so the fetch
// is bounded in time and size and goes through the safe fetch (http(s) only, no private address).
import { readCapped } from "../http/read-capped.ts";
import { publicOnlyFetch, type SafeFetch, UnsafeUrlError } from "../http/safe-fetch.ts";

export const DEFAULT_USER_AGENT = "CongThuongBot/0.1 (chat bot of So Cong Thuong Ben Tre; report ingestion)";
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export interface FetchPageOptions {
  timeoutMs?: number;
  /** Header values must be ASCII, so the bot's name is written without diacritics. */
  userAgent?: string;
  maxBytes?: number;
  /** createSafeFetch with the deployment's allow list; by default one that reaches no private address. */
  safeFetch?: SafeFetch;
}

export interface FetchedPage {
  /** The decoded text; "" for a binary document (PDF, DOCX), which comes in `bytes` instead. */
  html: string;
  finalUrl: string;
  contentType: string | null;
  /** Raw bytes, set only for binary content types: a PDF or Office file is not text to decode. */
  bytes?: Uint8Array;
}

/** PDF, Office documents and unlabelled binaries are kept as bytes rather than decoded as text. */
export const BINARY_TYPES = /^(?:application\/(?:pdf|octet-stream|zip|msword|vnd\.openxmlformats-officedocument\.[\w.-]+))\b/i;

/** Decodes page bytes using the charset from the Content-Type header or a <meta> tag, else UTF-8. */
export function decodePage(bytes: Uint8Array, contentType?: string | null): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? "")?.[1];
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  for (const label of [fromHeader, fromMeta, "utf-8"]) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(bytes);
    } catch {
      // Unknown label: try the next candidate.
    }
  }
  return new TextDecoder().decode(bytes);
}

export async function fetchPage(url: string, options: FetchPageOptions = {}): Promise<FetchedPage> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const safeFetch = options.safeFetch ?? publicOnlyFetch();
  try {
    const { response, url: finalUrl } = await safeFetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "user-agent": options.userAgent ?? DEFAULT_USER_AGENT,
        accept: "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8,*/*;q=0.5",
        "accept-language": "vi,en;q=0.5",
      },
    });
    if (!response.ok) {
      await response.body?.cancel();
      const text = `Không tải được ${url}: máy chủ trả về HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.`;
      throw Object.assign(new Error(text), { code: `HTTP_${response.status}` });
    }
    const contentType = response.headers.get("content-type");
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const bytes = await readCapped(response, maxBytes, () => Object.assign(new Error(`Trang ${url} lớn hơn giới hạn ${Math.round(maxBytes / 1024)} KB.`), { code: "TOO_LARGE" }));
    if (BINARY_TYPES.test(contentType ?? "")) return { html: "", finalUrl, contentType, bytes };
    return { html: decodePage(bytes, contentType), finalUrl, contentType };
  } catch (err) {
    const name = (err as Error)?.name;
    if (name === "TimeoutError" || name === "AbortError") {
      throw new Error(`Quá thời gian chờ (${timeoutMs} ms) khi tải ${url}.`, { cause: err });
    }
    if (err instanceof UnsafeUrlError) throw new Error(`Từ chối tải ${url}: ${err.message}.`, { cause: err });
    if (err instanceof TypeError) {
      // Node reports every network failure as "fetch failed"; the reason is in `cause`.
      const reason = (err.cause as Error | undefined)?.message ?? err.message;
      throw new Error(`Không kết nối được tới ${url}: ${reason}`, { cause: err });
    }
    throw err;
  }
}
