import { Bot, GrammyError, type Context } from "grammy";
import type { AnswerFn, BotReply, IncomingFile } from "../../handlers/types.ts";
import type { Db } from "../../services/db.ts";
import type { Logger } from "../../services/logger.ts";
import { markHandled } from "../../services/handled-messages.ts";
import { NON_TEXT_REPLY } from "../../handlers/help.ts";
import { downloadCapped, FileTooLargeError, MAX_CHAT_FILE_BYTES, operatorFetch } from "../../services/http/download.ts";
import { keyboardFor, questionFromCallback } from "./keyboard.ts";

export interface TelegramDeps {
  token: string;
  apiRoot: string;
  answer: AnswerFn;
  db: Db;
  logger: Logger;
  /** Called when a user blocks the bot (or it is removed from a group), with the chat id. */
  onBlocked?: (chatId: string) => Promise<void>;
}

const STALE_BUTTON = "Nút này đã cũ. Bạn vui lòng gõ lại câu hỏi nhé.";

/** Sends one core reply: the text with its quick replies, then a tappable card per phone number. */
async function sendReply(ctx: Context, reply: BotReply): Promise<void> {
  await ctx.reply(reply.text, { reply_markup: keyboardFor(reply.buttons), link_preview_options: { is_disabled: true } });
  if (reply.intent === "contact_phone") {
    for (const card of reply.contacts ?? []) await ctx.replyWithContact(card.phoneNumber, card.name);
  }
}

/**
 * Downloads the message's document: getFile, then `${apiRoot}/file/bot<token>/<file_path>`. That
 * URL holds the token, so it is built here, used once and never put into an error or a log line.
 */
async function downloadDocument(ctx: Context, token: string, apiRoot: string): Promise<Uint8Array> {
  let filePath: string | undefined;
  try {
    const info = await ctx.getFile();
    if (info.file_size !== undefined && info.file_size > MAX_CHAT_FILE_BYTES) throw new FileTooLargeError(MAX_CHAT_FILE_BYTES);
    filePath = info.file_path;
  } catch (err) {
    if (err instanceof FileTooLargeError) throw err;
    // "file is too big" is how Telegram refuses files over 20 MB.
    if (err instanceof GrammyError && /too big/i.test(err.description)) throw new FileTooLargeError(MAX_CHAT_FILE_BYTES);
    throw new Error(err instanceof GrammyError ? `Telegram từ chối cho tải tệp (${err.error_code})` : "không liên lạc được với Telegram");
  }
  if (!filePath) throw new Error("Telegram không cho biết tệp nằm ở đâu");
  // The operator's own API root (a test emulator on 127.0.0.1, say): not subject to the address policy.
  return downloadCapped(`${apiRoot.replace(/\/+$/, "")}/file/bot${token}/${filePath}`, { maxBytes: MAX_CHAT_FILE_BYTES, safeFetch: operatorFetch });
}

/** The Telegram adapter: platform updates in, core requests out, core replies back as API calls. */
export function createTelegramBot({ token, apiRoot, answer, db, logger, onBlocked }: TelegramDeps): Bot {
  const bot = new Bot(token, { client: { apiRoot } });

  // Telegram re-delivers an update it did not get a 2xx for; each update_id is handled once.
  bot.use(async (ctx, next) => {
    if (!(await markHandled(db, "telegram", String(ctx.update.update_id)))) {
      logger.info({ event: "duplicate_update", updateId: ctx.update.update_id }, "update already handled");
      return;
    }
    await next();
  });

  const ask = async (ctx: Context, text: string, file?: IncomingFile) => {
    const started = performance.now();
    const chatId = String(ctx.chat?.id ?? ctx.from?.id ?? "");
    const reply = await answer({ channel: "telegram", userId: String(ctx.from?.id ?? chatId), chatId, text, ...(file && { file }) });
    await sendReply(ctx, reply);
    logger.info(
      {
        event: "answered", channel: "telegram", updateId: ctx.update.update_id, chatId, intent: reply.intent, chars: text.length,
        ...(file && { file: file.name, bytes: file.size }), ms: Math.round(performance.now() - started),
      },
      "answered",
    );
  };

  bot.on("message:text", (ctx) => ask(ctx, ctx.message.text));
  // A document (with or without a caption) goes to the core as a file; the core decides whether
  // to download it, so a refused file is never fetched.
  bot.on("message:document", (ctx) => {
    const doc = ctx.message.document;
    const file: IncomingFile = {
      name: doc.file_name ?? "",
      size: doc.file_size ?? null,
      contentType: doc.mime_type ?? null,
      download: () => downloadDocument(ctx, token, apiRoot),
    };
    return ask(ctx, ctx.message.caption ?? "", file);
  });
  bot.on("callback_query:data", async (ctx) => {
    await ctx.answerCallbackQuery().catch(() => undefined);
    const question = questionFromCallback(ctx.callbackQuery.data);
    if (question) await ask(ctx, question);
    else await ctx.reply(STALE_BUTTON);
  });
  bot.on("message", (ctx) => ctx.reply(NON_TEXT_REPLY));
  // Telegram tells us at once when a user blocks the bot; without this we learn it from a 403.
  bot.on("my_chat_member", async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status !== "kicked" && status !== "left") return;
    logger.info({ event: "telegram_blocked", updateId: ctx.update.update_id, chatId: ctx.chat.id, status }, "bot blocked or removed");
    await onBlocked?.(String(ctx.chat.id));
  });

  bot.catch((err) => {
    logger.error({ event: "telegram_error", updateId: err.ctx.update.update_id, chatId: err.ctx.chat?.id, err: err.error }, "update failed");
  });
  return bot;
}
