import type { AlertChannel, AlertMessage } from "./format.ts";

// What an alert transport is (the platforms' own live in src/bot/<platform>/alert-transport.ts).
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
export function unknownError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = err as { name?: string; message?: string };
  return new DeliveryError("transient", safeReason(`${e?.name ?? "Error"}: ${e?.message ?? String(err)}`));
}
