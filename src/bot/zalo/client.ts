import type { Logger } from "../../services/logger.ts";

// A thin client for the Zalo Bot Platform (see docs/channels.md). The token is part of every
// request URL, so neither the URL nor the token ever reaches a log line or an Error message.

export const ZALO_TEXT_LIMIT = 2000;

export class ZaloApiError extends Error {
  /** `code` is Zalo's `error_code`, else the HTTP status, else 0 for a network failure. */
  constructor(
    readonly method: string,
    readonly code: number,
    readonly description: string,
    readonly retryAfterSec?: number,
  ) {
    super(`Zalo ${method} failed: ${code} ${description}`);
    this.name = "ZaloApiError";
  }
}

export interface ZaloClientOptions {
  apiRoot: string;
  token: string;
  logger: Logger;
  fetchImpl?: typeof fetch;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt; a hung connection must not hold a reply forever. */
  timeoutMs?: number;
}

export interface ZaloClient {
  call<T = unknown>(method: string, body: Record<string, unknown>, chatId?: string): Promise<T>;
  sendMessage(chatId: string, text: string): Promise<unknown>;
  /** A photo by its public https URL (Zalo fetches it), with a caption of at most 2000 characters. */
  sendPhoto(chatId: string, url: string, caption: string): Promise<unknown>;
  /** Sends text of any length as consecutive messages of at most 2000 UTF-16 units. */
  sendText(chatId: string, text: string): Promise<void>;
  setWebhook(url: string, secretToken: string): Promise<unknown>;
  getWebhookInfo(): Promise<Record<string, unknown>>;
  getMe(): Promise<Record<string, unknown>>;
}

interface ZaloEnvelope {
  ok?: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

const retryable = (code: number) => code === 429 || code >= 500 || code === 0;

export function createZaloClient(options: ZaloClientOptions): ZaloClient {
  const { token, logger, fetchImpl = fetch, maxRetries = 4, baseDelayMs = 500, maxDelayMs = 10_000, timeoutMs = 15_000 } = options;
  const apiRoot = options.apiRoot.replace(/\/+$/, "");
  // Descriptions come from outside; make sure they cannot echo the token back into our errors.
  const clean = (s: string) => (token ? s.split(token).join("<redacted>") : s);

  async function attempt(
    method: string,
    body: Record<string, unknown>,
  ): Promise<{ ok: true; result: unknown } | { ok: false; code: number; description: string; retryAfterS?: number }> {
    let res: Response;
    try {
      res = await fetchImpl(`${apiRoot}/bot${token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      // Only the error's name/code: undici's messages and causes may carry the request URL.
      const e = err as Error & { cause?: { code?: string } };
      return { ok: false, code: 0, description: `network error (${e.cause?.code ?? e.name})` };
    }
    const raw = await res.text().catch(() => "");
    let env: ZaloEnvelope | undefined;
    try {
      env = JSON.parse(raw) as ZaloEnvelope;
    } catch {
      env = undefined;
    }
    // Zalo reports errors with HTTP 200, so `ok` decides; the status only matters without a JSON body.
    if (env && env.ok === true) return { ok: true, result: env.result };
    const code = env?.error_code ?? (res.ok ? 0 : res.status);
    const description = clean(env?.description ?? (env ? "unknown error" : `non-JSON response (HTTP ${res.status})`));
    return { ok: false, code, description, retryAfterS: env?.parameters?.retry_after };
  }

  async function call<T>(method: string, body: Record<string, unknown>, chatId?: string): Promise<T> {
    for (let n = 0; ; n++) {
      const r = await attempt(method, body);
      if (r.ok) return r.result as T;
      if (!retryable(r.code) || n >= maxRetries) throw new ZaloApiError(method, r.code, r.description, r.retryAfterS);
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** n);
      // Half fixed, half random, so many chats hitting a quota do not retry in lockstep.
      const delayMs = Math.min(maxDelayMs, Math.max(r.retryAfterS ? r.retryAfterS * 1000 : 0, backoff / 2 + Math.random() * (backoff / 2)));
      logger.warn(
        { event: "zalo_retry", method, chatId, code: r.code, description: r.description, attempt: n + 1, delayMs: Math.round(delayMs) },
        "Zalo API call failed, retrying",
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  const sendMessage = (chatId: string, text: string) => call("sendMessage", { chat_id: chatId, text }, chatId);

  return {
    call,
    sendMessage,
    sendPhoto: (chatId, url, caption) => call("sendPhoto", { chat_id: chatId, photo: url, caption: caption.slice(0, ZALO_TEXT_LIMIT) }, chatId),
    async sendText(chatId, text) {
      for (const part of splitText(text, ZALO_TEXT_LIMIT)) await sendMessage(chatId, part);
    },
    setWebhook: (url, secretToken) => call("setWebhook", { url, secret_token: secretToken }),
    getWebhookInfo: () => call<Record<string, unknown>>("getWebhookInfo", {}),
    getMe: () => call<Record<string, unknown>>("getMe", {}),
  };
}

// Boundaries from the most to the least natural. Paragraph and line breaks only count in the
// second half of the window, so a break near the start does not leave a tiny message behind.
const BOUNDARIES: { re: RegExp; minShare: number }[] = [
  { re: /\n\s*\n/g, minShare: 0.5 },
  { re: /\n/g, minShare: 0.5 },
  { re: /[.!?…;:]["'”’)\]]*(?=\s)/g, minShare: 0.3 },
  { re: /\s/g, minShare: 0 },
];

/** Last cut position (an index into `window`) after a boundary of the given kind, or -1. */
function lastCut(window: string, re: RegExp, min: number): number {
  let cut = -1;
  for (const m of window.matchAll(re)) {
    const end = m[0].trim() === "" ? m.index : m.index + m[0].length;
    if (end >= min && end > 0) cut = end;
  }
  return cut;
}

/**
 * Splits text into pieces of at most `limit` UTF-16 units, preferring paragraph, then line, then
 * sentence, then word boundaries. A word is cut only when it alone exceeds the limit, and never
 * inside a surrogate pair or before a combining mark (decomposed Vietnamese diacritics).
 */
export function splitText(text: string, limit = ZALO_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    // One unit past the limit, so a boundary right after the last fitting character is seen.
    const window = rest.slice(0, limit + 1);
    let cut = -1;
    for (const { re, minShare } of BOUNDARIES) {
      cut = lastCut(window, re, Math.floor(limit * minShare));
      if (cut > 0 && cut <= limit) break;
      cut = -1;
    }
    if (cut < 0) {
      cut = limit;
      while (cut > 1 && (/[\uDC00-\uDFFF]/.test(rest[cut]) || /\p{M}/u.test(rest[cut]))) cut--;
    }
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) parts.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}
