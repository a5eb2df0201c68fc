import { type Api, GrammyError, HttpError } from "grammy";
import { ZaloApiError, type ZaloClient } from "../../bot/zalo/client.ts";
import type { AlertChannel, AlertMessage } from "./format.ts";

// One send per call, no retries inside: the outbox decides when to try again, and a retry hidden
// in a client (grammY's auto-retry, the Zalo client's own loop) would sleep in memory and could
// deliver twice. Every failure is reduced to what the outbox needs to decide.

export type DeliveryErrorKind = "rate_limited" | "blocked" | "transient" | "permanent";

export class DeliveryError extends Error {
  constructor(
    readonly kind: DeliveryErrorKind,
    /** Short, safe to store and show to staff: never a token or a request URL. */
    readonly reason: string,
    /** Seconds to wait, for "rate_limited". */
    readonly retryAfterSec?: number,
  ) {
    super(`${kind}: ${reason}`);
    this.name = "DeliveryError";
  }
}

export interface Transport {
  channel: AlertChannel;
  send(chatId: string, message: AlertMessage): Promise<void>;
}

const BOT_TOKEN = /\d{5,}:[A-Za-z0-9_-]{10,}/g;
const URL_LIKE = /\b(?:https?|wss?):\/\/\S+/gi;

/** Removes anything shaped like a bot token or a URL, and keeps reasons short. */
export function safeReason(s: string): string {
  const out = s.replace(URL_LIKE, "<url>").replace(BOT_TOKEN, "<token>").replace(/\s+/g, " ").trim();
  return out.length > 300 ? `${out.slice(0, 299)}…` : out;
}

/** Any other thrown value: treat as transient so it is retried, then recorded as failed. */
function unknownError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { name?: string; message?: string };
  return new DeliveryError("transient", safeReason(`${e?.name ?? "Error"}: ${e?.message ?? String(err)}`));
}

export function classifyTelegramError(err: unknown): DeliveryError {
  if (err instanceof GrammyError) {
    const code = err.error_code;
    const reason = safeReason(`${code} ${err.description}`);
    if (code === 429) return new DeliveryError("rate_limited", reason, err.parameters?.retry_after ?? 30);
    if (code === 403) return new DeliveryError("blocked", reason);
    if (err.parameters?.migrate_to_chat_id !== undefined) {
      return new DeliveryError("permanent", safeReason(`${reason}; group migrated, new chat id ${err.parameters.migrate_to_chat_id}`));
    }
    if (code === 400 && /chat not found/i.test(err.description)) return new DeliveryError("blocked", reason);
    if (code >= 500 || !code) return new DeliveryError("transient", reason);
    return new DeliveryError("permanent", reason);
  }
  if (err instanceof HttpError) {
    // grammY's message names only the method; its `error` (the fetch failure) may carry the URL.
    const cause = err.error as { name?: string; code?: string; cause?: { code?: string } } | undefined;
    const what = cause?.cause?.code ?? cause?.code ?? cause?.name ?? "unknown";
    return new DeliveryError("transient", safeReason(`network error (${what})`));
  }
  return unknownError(err);
}

export interface TelegramTransportOptions {
  /** A hung request must not hold the whole outbox (grammY's own default is 500 s). */
  timeoutMs?: number;
}

/** Give it an `Api` without the auto-retry transformer (e.g. `new Api(token, { apiRoot })`). */
export function telegramTransport(api: Api, { timeoutMs = 15_000 }: TelegramTransportOptions = {}): Transport {
  const sendOnce = (chatId: string, text: string, html: boolean) =>
    api.sendMessage(chatId, text, { ...(html && { parse_mode: "HTML" as const }), link_preview_options: { is_disabled: true } }, AbortSignal.timeout(timeoutMs) as Parameters<Api["sendMessage"]>[3]);
  return {
    channel: "telegram",
    async send(chatId, message) {
      try {
        await sendOnce(chatId, message.html ?? message.text, message.html !== undefined);
      } catch (err) {
        // A rejected HTML message was not delivered, so sending the plain version cannot double it.
        if (message.html !== undefined && err instanceof GrammyError && err.error_code === 400 && /can't parse entities/i.test(err.description)) {
          try {
            await sendOnce(chatId, message.text, false);
            return;
          } catch (again) {
            throw classifyTelegramError(again);
          }
        }
        throw classifyTelegramError(err);
      }
    },
  };
}

export function classifyZaloError(err: unknown): DeliveryError {
  if (!(err instanceof ZaloApiError)) return unknownError(err);
  const reason = safeReason(`${err.code} ${err.description}`);
  if (err.code === 429) {
    // Zalo documents no retry_after; use it when an answer carries one, else wait a minute.
    const stated = err.retryAfterSec ?? Number(/retry after (\d+)/i.exec(err.description)?.[1]);
    return new DeliveryError("rate_limited", reason, Number.isFinite(stated) && stated > 0 ? stated : 60);
  }
  if (err.code === 403) return new DeliveryError("blocked", reason);
  if (err.code === 0 || err.code === 408 || err.code >= 500) return new DeliveryError("transient", reason);
  return new DeliveryError("permanent", reason);
}

/** Give it a client made with `maxRetries: 0`: its own retry loop sleeps in memory. */
export function zaloTransport(client: ZaloClient): Transport {
  return {
    channel: "zalo",
    async send(chatId, message) {
      try {
        await client.sendText(chatId, message.text);
      } catch (err) {
        throw classifyZaloError(err);
      }
    },
  };
}
