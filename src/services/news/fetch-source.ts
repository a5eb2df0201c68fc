// Polls one feed or listing page politely: conditional requests so an unchanged page costs the
// site a 304, a User-Agent that says who is asking, and bounds on time and size so one broken
// site cannot stall the crawl. Sources are configured, but they redirect where they like, so the
// fetch is the safe one (no private address unless FETCH_ALLOW_PRIVATE names it).
import { decodePage } from "../reports/fetch-page.ts";
import { readCapped } from "../http/read-capped.ts";
import { publicOnlyFetch, type SafeFetch, UnsafeUrlError } from "../http/safe-fetch.ts";

/** Header values must be ASCII; operators put their contact address in place of the default. */
export const NEWS_USER_AGENT = "CongThuongBot/1.0 (+news alerts of the So Cong Thuong chat bot)";
export const NEWS_TIMEOUT_MS = 20_000;
export const NEWS_MAX_BYTES = 5 * 1024 * 1024;

export interface FetchSourceOptions {
  timeoutMs?: number;
  userAgent?: string;
  maxBytes?: number;
  /** createSafeFetch with the deployment's allow list; by default one that reaches no private address. */
  safeFetch?: SafeFetch;
}

export interface SourceState {
  url: string;
  etag?: string | null;
  lastModified?: string | null;
}

export type SourceFetch =
  | { status: 304 }
  /** `finalUrl` is where redirects ended: relative links on a listing page resolve against it. */
  | { status: 200; body: string; etag: string | null; lastModified: string | null; finalUrl?: string };

export type FetchErrorKind = "http" | "timeout" | "too_large" | "network" | "refused";

export class FetchSourceError extends Error {
  constructor(
    message: string,
    readonly kind: FetchErrorKind,
    readonly httpStatus?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Feeds declare their charset in the XML declaration, which `decodePage` does not look at. */
function decode(bytes: Uint8Array, contentType: string | null): string {
  if (/charset=/i.test(contentType ?? "")) return decodePage(bytes, contentType);
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)/i.exec(head)?.[1];
  return decodePage(bytes, declared ? `text/xml; charset=${declared}` : contentType);
}

export async function fetchSource(source: SourceState, options: FetchSourceOptions = {}): Promise<SourceFetch> {
  const timeoutMs = options.timeoutMs ?? NEWS_TIMEOUT_MS;
  const headers: Record<string, string> = {
    "user-agent": options.userAgent ?? NEWS_USER_AGENT,
    accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
    "accept-language": "vi,en;q=0.5",
  };
  if (source.etag) headers["if-none-match"] = source.etag;
  if (source.lastModified) headers["if-modified-since"] = source.lastModified;
  try {
    // The signal also bounds reading the body: a server that sends headers and then stalls times out.
    const { response, url: finalUrl } = await (options.safeFetch ?? publicOnlyFetch())(source.url, { signal: AbortSignal.timeout(timeoutMs), headers });
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 304 };
    }
    if (!response.ok) {
      await response.body?.cancel();
      const text = response.statusText ? ` ${response.statusText}` : "";
      throw new FetchSourceError(`${source.url}: máy chủ trả về HTTP ${response.status}${text}.`, "http", response.status);
    }
    const contentType = response.headers.get("content-type");
    const maxBytes = options.maxBytes ?? NEWS_MAX_BYTES;
    const bytes = await readCapped(response, maxBytes, () => new FetchSourceError(`${source.url} lớn hơn giới hạn ${Math.round(maxBytes / 1024)} KB.`, "too_large"));
    return {
      status: 200,
      body: decode(bytes, contentType),
      etag: response.headers.get("etag"),
      lastModified: response.headers.get("last-modified"),
      finalUrl,
    };
  } catch (err) {
    if (err instanceof FetchSourceError) throw err;
    if (err instanceof UnsafeUrlError) throw new FetchSourceError(`${source.url}: từ chối tải (${err.message}).`, "refused", undefined, { cause: err });
    const name = (err as Error)?.name;
    if (name === "TimeoutError" || name === "AbortError") {
      throw new FetchSourceError(`${source.url}: quá thời gian chờ (${timeoutMs} ms).`, "timeout", undefined, { cause: err });
    }
    // Node reports every network failure as "fetch failed"; the reason is in `cause`.
    const reason = ((err as Error)?.cause as Error | undefined)?.message ?? (err as Error)?.message ?? String(err);
    throw new FetchSourceError(`${source.url}: không kết nối được (${reason}).`, "network", undefined, { cause: err });
  }
}
