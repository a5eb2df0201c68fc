import type { Update } from "grammy/types";
import { NON_TEXT_REPLY } from "../../handlers/help.ts";
import type { InboundMessage } from "../../services/inbox/types.ts";
import { questionFromCallback } from "./keyboard.ts";

const STALE_BUTTON = "Nút này đã cũ. Bạn vui lòng gõ lại câu hỏi nhé.";

const chatTypeOf = (type: string | undefined): "private" | "group" => (type === "private" || type === undefined ? "private" : "group");

/**
 * The inbox message an update carries, or undefined for updates that are not messages to answer
 * (membership changes, edits). Ids become strings here and stay strings: Telegram's exceed 2^31.
 */
export function inboundFromUpdate(update: Update): InboundMessage | undefined {
  const messageId = String(update.update_id);
  const cb = update.callback_query;
  if (cb) {
    const chat = cb.message?.chat;
    const chatId = String(chat?.id ?? cb.from.id);
    const question = cb.data === undefined ? undefined : questionFromCallback(cb.data);
    return {
      channel: "telegram",
      messageId,
      chatId,
      userId: String(cb.from.id),
      chatType: chatTypeOf(chat?.type),
      text: question ?? "",
      ...(question === undefined && { fixedReply: STALE_BUTTON }),
    };
  }
  const msg = update.message;
  if (!msg) return undefined;
  const base = { channel: "telegram" as const, messageId, chatId: String(msg.chat.id), userId: String(msg.from?.id ?? msg.chat.id), chatType: chatTypeOf(msg.chat.type) };
  if (typeof msg.text === "string") return { ...base, text: msg.text };
  // A document goes to the core as a file (the caption is not a question); the core decides
  // whether to download it, so a refused file is never fetched.
  if (msg.document) {
    const d = msg.document;
    return { ...base, text: msg.caption ?? "", file: { name: d.file_name ?? "", size: d.file_size ?? null, contentType: d.mime_type ?? null, ref: d.file_id } };
  }
  // Service messages in groups (members joining, titles changing) are not addressed to the bot.
  if (base.chatType === "group" && !msg.photo && !msg.sticker && !msg.voice && !msg.video && !msg.audio) return undefined;
  return { ...base, text: "", fixedReply: NON_TEXT_REPLY };
}
