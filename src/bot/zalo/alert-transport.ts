import { DeliveryError, safeReason, type Transport, unknownError } from "../../services/alerts/transports.ts";
import { ZaloApiError, type ZaloClient } from "./client.ts";

// The Zalo Bot Platform for the alert outbox (and the classification the chat inbox reuses).

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
