import { autoRetry } from "@grammyjs/auto-retry";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { ChartRenderer } from "../../handlers/chart-render.ts";
import type { Inbox } from "../../services/inbox/inbox.ts";
import type { Logger } from "../../services/logger.ts";
import { telegramPort } from "./port.ts";
import { inboundFromUpdate } from "./updates.ts";

export interface TelegramDeps {
  token: string;
  apiRoot: string;
  inbox: Inbox;
  logger: Logger;
  /** Called when a user blocks the bot (or it is removed from a group), with the chat id. */
  onBlocked?: (chatId: string) => Promise<void>;
  /** Quick in-place retries of a 429 or 5xx before the inbox takes over (default 2). */
  quickRetries?: number;
  /** Draws charts as photos; without it, chart replies go as text only. */
  charts?: Pick<ChartRenderer, "png">;
}

export interface TelegramAdapter {
  bot: Bot;
  /** Stores an update in the inbox (or acts on a membership change); resolves once it is safe to acknowledge. */
  receive(update: Update): Promise<void>;
}

/** The Telegram adapter: updates into the inbox, replies out through the Bot API. */
export function createTelegramBot({ token, apiRoot, inbox, logger, onBlocked, quickRetries = 2, charts }: TelegramDeps): TelegramAdapter {
  // A hung request must not hold a chat's queue for grammY's default 500 s; long polls wait 30 s.
  const bot = new Bot(token, { client: { apiRoot, timeoutSeconds: 60 } });
  // 429 and 5xx are retried a few times at the pace Telegram asks for; network errors and longer
  // outages go back to the inbox, which tries again later instead of holding the chat's queue.
  bot.api.config.use(autoRetry({ maxRetryAttempts: quickRetries, maxDelaySeconds: 30, rethrowHttpErrors: true }));
  inbox.register("telegram", telegramPort({ api: bot.api, token, apiRoot, onBlocked, charts }));

  async function receive(update: Update): Promise<void> {
    const ids = { updateId: update.update_id };
    if (update.callback_query) void bot.api.answerCallbackQuery(update.callback_query.id).catch(() => undefined);
    // Telegram tells us at once when a user blocks the bot; without this we learn it from a 403.
    const member = update.my_chat_member;
    if (member) {
      const status = member.new_chat_member.status;
      if (status !== "kicked" && status !== "left") return;
      logger.info({ event: "telegram_blocked", ...ids, chatId: member.chat.id, status }, "bot blocked or removed");
      return void (await onBlocked?.(String(member.chat.id)));
    }
    const message = inboundFromUpdate(update);
    if (!message) return logger.debug({ event: "telegram_update_ignored", ...ids }, "update ignored");
    const outcome = await inbox.receive(message);
    if (outcome !== "new") logger.info({ event: `telegram_${outcome}`, ...ids, chatId: message.chatId }, "update not answered again");
  }

  // Polling: grammY confirms an update only after this resolves, so a stored update is never lost.
  bot.use(async (ctx) => receive(ctx.update));
  bot.catch((err) => {
    logger.error({ event: "telegram_error", updateId: err.ctx.update.update_id, chatId: err.ctx.chat?.id, err: err.error }, "storing an update failed");
  });
  return { bot, receive };
}
