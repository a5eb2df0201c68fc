// The one way the bot fetches a URL that someone other than the operator chose: feeds and listing
// pages, the article links in them, links staff send, files a chat platform points at. Only http
// and https; redirects are followed here, one hop at a time, so each hop's scheme and address are
// checked again; connections go only to addresses the policy allows (checked at connect time, see
// guarded-agent.ts). The operator's own API roots (Telegram, Zalo) do not come through here.
import { isIP } from "node:net";
import type { Dispatcher } from "undici";
import { createAddressPolicy, type AddressPolicy, BlockedAddressError } from "./address-policy.ts";

export const MAX_REDIRECTS = 5;

export type UnsafeReason = "invalid_url" | "scheme" | "blocked_address" | "too_many_redirects";

/** A URL the bot will not fetch. Its message names the host at most, never a path or query. */
export class UnsafeUrlError extends Error {
  constructor(
    readonly reason: UnsafeReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "UnsafeUrlError";
  }
}

export interface SafeFetchOptions {
  /** FETCH_ALLOW_PRIVATE: IPs, CIDR ranges and exact host names that may be non-public. */
  allowPrivate?: readonly string[];
  maxRedirects?: number;
}

export interface SafeRequest {
  headers?: Record<string, string>;
  /** Bounds every hop and the reading of the body. */
  signal?: AbortSignal;
}

/** The last response, and the URL it came from once redirects are followed. */
export interface SafeResponse {
  response: Response;
  url: string;
}

/** GETs a URL; rejects with UnsafeUrlError for a refused URL, hop or address. */
export type SafeFetch = (url: string | URL, request?: SafeRequest) => Promise<SafeResponse>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function checkedUrl(input: string | URL, base: URL | undefined, policy: AddressPolicy): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    throw new UnsafeUrlError("invalid_url", "địa chỉ không hợp lệ");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UnsafeUrlError("scheme", `chỉ tải được địa chỉ http hoặc https, không tải được địa chỉ ${url.protocol}`);
  }
  // The URL parser has already turned odd IPv4 spellings (0x7f000001, 2130706433, 127.1) into
  // a.b.c.d. The connector checks literal addresses too; checking here fails before any socket.
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const range = isIP(host) ? policy.refusal(host) : null;
  if (range) throw new UnsafeUrlError("blocked_address", new BlockedAddressError(host, host, range).message);
  return url;
}

/** A refusal from the connector, which undici wraps in TypeError("fetch failed"). */
function refusalIn(err: unknown): BlockedAddressError | null {
  for (let e = err, depth = 0; e && depth < 5; e = (e as Error).cause, depth++) {
    if (e instanceof BlockedAddressError) return e;
  }
  return null;
}

export function createSafeFetch({ allowPrivate = [], maxRedirects = MAX_REDIRECTS }: SafeFetchOptions = {}): SafeFetch {
  const policy = createAddressPolicy(allowPrivate);
  // undici is a tenth of a second to load: a process that never fetches (npm run ask) never loads it.
  let client: Promise<{ fetch: typeof import("undici").fetch; dispatcher: Dispatcher }> | undefined;
  const connect = () =>
    (client ??= Promise.all([import("undici"), import("./guarded-agent.ts")]).then(([undici, { guardedAgent }]) => ({
      fetch: undici.fetch,
      dispatcher: guardedAgent(policy),
    })));
  return async (input, { headers, signal } = {}) => {
    let url = checkedUrl(input, undefined, policy);
    const { fetch: undiciFetch, dispatcher } = await connect();
    for (let hops = 0; ; hops++) {
      let response: Response;
      try {
        response = (await undiciFetch(url, { redirect: "manual", headers, signal, dispatcher })) as unknown as Response;
      } catch (err) {
        const refused = refusalIn(err);
        if (refused) throw new UnsafeUrlError("blocked_address", refused.message, { cause: err });
        throw err;
      }
      const location = REDIRECTS.has(response.status) ? response.headers.get("location") : null;
      if (location === null) return { response, url: url.href };
      await response.body?.cancel().catch(() => undefined);
      if (hops >= maxRedirects) throw new UnsafeUrlError("too_many_redirects", `quá ${maxRedirects} lần chuyển hướng`);
      url = checkedUrl(location, url, policy);
    }
  };
}

let publicOnly: SafeFetch | undefined;

/** The safe fetch that allows no private address: the default wherever none is given. */
export function publicOnlyFetch(): SafeFetch {
  return (publicOnly ??= createSafeFetch());
}

/** A short reason for a log line: the refusal, "timeout", or the network error's code. */
export function fetchFailureReason(err: unknown): string {
  for (let e = err, depth = 0; e && depth < 5; e = (e as Error).cause, depth++) {
    if (e instanceof UnsafeUrlError) return e.reason;
    const { name, code } = e as Error & { code?: string };
    if (name === "TimeoutError" || name === "AbortError") return "timeout";
    if (typeof code === "string") return code;
  }
  return "error";
}
