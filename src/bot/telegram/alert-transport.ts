import { type Api, GrammyError, HttpError } from "grammy";
import { telegramPayload } from "../../services/alerts/format.ts";
import { DeliveryError, safeReason, type Transport, unknownError } from "../../services/alerts/transports.ts";

// Telegram for the alert outbox (and the classification the chat inbox reuses).

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
    api.sendMessage(
      chatId,
      text,
      { ...(html && { parse_mode: "HTML" as const }), link_preview_options: { is_disabled: true } },
      AbortSignal.timeout(timeoutMs) as Parameters<Api["sendMessage"]>[3],
    );
  return {
    channel: "telegram",
    async send(chatId, message) {
      const payload = telegramPayload(message);
      try {
        await sendOnce(chatId, payload.text, payload.html);
      } catch (err) {
        // A rejected HTML message was not delivered, so sending the plain version cannot double it.
        if (payload.html && err instanceof GrammyError && err.error_code === 400 && /can't parse entities/i.test(err.description)) {
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
