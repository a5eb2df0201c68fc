import type { Logger } from "../../services/logger.ts";
import { splitText, ZALO_TEXT_LIMIT } from "../zalo/client.ts";
import type { OaTokenStore } from "./tokens.ts";

// A thin client for the Zalo OA API v3 (see docs/channels.md). The access token travels in an
// `access_token` header; it never reaches a log line or an Error message.

export class ZaloOaApiError extends Error {
  /** `code` is Zalo's `error`, else the HTTP status, else 0 for a network failure. */
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(`Zalo OA message/cs failed: ${code} ${description}`);
    this.name = "ZaloOaApiError";
  }
}

export interface ZaloOaClientOptions {
  tokens: OaTokenStore;
  logger: Logger;
  apiRoot?: string;
  fetchImpl?: typeof fetch;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt; a hung connection must not hold a reply forever. */
  timeoutMs?: number;
}

export interface ZaloOaClient {
  /** One customer-service text message of at most 2000 characters. */
  sendMessage(userId: string, text: string): Promise<Record<string, unknown>>;
  /** Sends text of any length as consecutive messages of at most 2000 UTF-16 units. */
  sendText(userId: string, text: string): Promise<void>;
}

// -216 "access token invalid" is what OA integrations handle in practice; -124 has been seen for an
// expired token. HTTP 401 is covered in case a proxy or a future API version answers that way.
export const TOKEN_ERRORS = new Set([-216, -124]);
const isTokenError = (code: number) => TOKEN_ERRORS.has(code) || code === 401;
const retryable = (code: number) => code === 0 || code === 429 || code >= 500;

type Outcome = { ok: true; data: Record<string, unknown> } | { ok: false; code: number; description: string };

export function createZaloOaClient(options: ZaloOaClientOptions): ZaloOaClient {
  const { tokens, logger, fetchImpl = fetch, maxRetries = 3, baseDelayMs = 500, maxDelayMs = 5_000, timeoutMs = 15_000 } = options;
  const url = `${(options.apiRoot ?? "https://openapi.zalo.me").replace(/\/+$/, "")}/v3.0/oa/message/cs`;

  async function attempt(token: string, body: string): Promise<Outcome> {
    let res: Response;
    try {
      res = await fetchImpl(url, { method: "POST", headers: { "content-type": "application/json", access_token: token }, body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      return { ok: false, code: 0, description: `network error (${e.cause?.code ?? e.name})` };
    }
    let env: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(await res.text());
      env = parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      env = undefined;
    }
    // Zalo reports errors with HTTP 200, so `error` decides; the status only matters without it.
    if (env && env.error !== undefined && Number(env.error) === 0) {
      const data = env.data && typeof env.data === "object" ? (env.data as Record<string, unknown>) : {};
      return { ok: true, data };
    }
    const code = env && env.error !== undefined && Number.isFinite(Number(env.error)) ? Number(env.error) : res.ok ? 0 : res.status;
    const message = typeof env?.message === "string" ? env.message : env ? "unknown error" : `non-JSON answer (HTTP ${res.status})`;
    // A non-JSON 2xx has no `error` field: treated like a network failure, i.e. worth a retry.
    return { ok: false, code, description: tokens.redact(message) };
  }

  async function sendMessage(userId: string, text: string): Promise<Record<string, unknown>> {
    const body = JSON.stringify({ recipient: { user_id: userId }, message: { text } });
    let refreshed = false;
    for (let n = 0; ; ) {
      const token = await tokens.accessToken();
      const r = await attempt(token, body);
      if (r.ok) return r.data;
      // One forced refresh per message: a second refusal means the new token is refused too.
      if (isTokenError(r.code) && !refreshed) {
        refreshed = true;
        logger.warn({ event: "zalo_oa_token_refused", userId, code: r.code }, "Zalo OA refused the access token; refreshing");
        await tokens.forceRefresh(token);
        continue;
      }
      if (!retryable(r.code) || n >= maxRetries) throw new ZaloOaApiError(r.code, r.description);
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** n);
      // Half fixed, half random, so many chats hitting a limit do not retry in lockstep.
      const delayMs = backoff / 2 + Math.random() * (backoff / 2);
      n++;
      logger.warn({ event: "zalo_oa_retry", userId, code: r.code, description: r.description, attempt: n, delayMs: Math.round(delayMs) }, "Zalo OA call failed, retrying");
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  return {
    sendMessage,
    async sendText(userId, text) {
      for (const part of splitText(text, ZALO_TEXT_LIMIT)) await sendMessage(userId, part);
    },
  };
}
