import { type Api, GrammyError, InputFile } from "grammy";
import { classifyTelegramError } from "./alert-transport.ts";
import type { ChartRenderer } from "../../handlers/chart-render.ts";
import type { BotReply, BotRequest } from "../../handlers/types.ts";
import { type ChannelPort, type InboundMessage, type ReplyPart, sendFailureOf } from "../../services/inbox/types.ts";
import { downloadCapped, FileTooLargeError, MAX_CHAT_FILE_BYTES, operatorFetch } from "../../services/http/download.ts";
import { keyboardFor } from "./keyboard.ts";

/**
 * Downloads a document: getFile, then `${apiRoot}/file/bot<token>/<file_path>`. That URL holds the
 * token, so it is built here, used once and never put into an error or a log line.
 */
async function downloadDocument(api: Api, fileId: string, token: string, apiRoot: string): Promise<Uint8Array> {
  let filePath: string | undefined;
  try {
    const info = await api.getFile(fileId);
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

export interface TelegramPortOptions {
  api: Api;
  token: string;
  apiRoot: string;
  onBlocked?: (chatId: string) => Promise<void>;
  /** Draws a reply's chart when it is sent; without it, replies go as text only. */
  charts?: Pick<ChartRenderer, "png">;
}

/** Telegram allows captions of 1024 characters. */
const CAPTION_LIMIT = 1024;

/** Telegram as the inbox sees it: requests rebuilt from stored messages, replies as API calls. */
export function telegramPort({ api, token, apiRoot, onBlocked, charts }: TelegramPortOptions): ChannelPort {
  return {
    toRequest(m: InboundMessage): BotRequest {
      const request: BotRequest = { channel: "telegram", userId: m.userId, chatId: m.chatId, text: m.text, chatType: m.chatType ?? "private" };
      if (m.chatType === "group") {
        request.isChatAdmin = async () => {
          const member = await api.getChatMember(m.chatId, Number(m.userId)).catch(() => undefined);
          return member?.status === "creator" || member?.status === "administrator";
        };
      }
      const f = m.file;
      if (f) request.file = { name: f.name, size: f.size, contentType: f.contentType, download: () => downloadDocument(api, f.ref, token, apiRoot) };
      return request;
    },
    render(_m, reply: BotReply): ReplyPart[] {
      const parts: ReplyPart[] = [{ kind: "text", text: reply.text, ...(reply.buttons?.length && { buttons: reply.buttons }) }];
      // The chart first, its numbers and sources right under it.
      if (reply.chart && charts) parts.unshift({ kind: "photo", chart: reply.chart });
      // A tappable card per phone number, so a user can call straight from the chat.
      if (reply.intent === "contact_phone") for (const c of reply.contacts ?? []) parts.push({ kind: "contact", phoneNumber: c.phoneNumber, name: c.name });
      return parts;
    },
    async send(chatId, part) {
      if (part.kind === "photo") {
        // Figures gone since the reply was written leave nothing to draw: the text part still follows.
        const png = await charts?.png(part.chart);
        if (png) await api.sendPhoto(chatId, new InputFile(png, "bieu-do.png"), { caption: part.chart.caption.slice(0, CAPTION_LIMIT) });
      } else if (part.kind === "contact") await api.sendContact(chatId, part.phoneNumber, part.name);
      else await api.sendMessage(chatId, part.text, { reply_markup: keyboardFor(part.buttons), link_preview_options: { is_disabled: true } });
    },
    classify: (err) => sendFailureOf(classifyTelegramError(err)),
    onBlocked,
  };
}
