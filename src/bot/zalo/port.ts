import type { BotReply, BotRequest, Channel } from "../../handlers/types.ts";
import type { ChannelPort, InboundMessage, ReplyPart, SendFailure } from "../../services/inbox/types.ts";
import { type ChoiceMemory, renderForZalo, resolveNumberedChoice } from "./render.ts";

export interface ZaloPortOptions {
  channel: Extract<Channel, "zalo" | "zalo-oa">;
  sendText(chatId: string, text: string): Promise<void>;
  classify(err: unknown): SendFailure;
  choices: ChoiceMemory;
  /** Fetches a file message's URL with the size cap. */
  download?: (url: string) => Promise<Uint8Array>;
  onBlocked?: (chatId: string) => Promise<void>;
}

/**
 * Zalo (bot and Official Account) as the inbox sees it. Zalo has no buttons: choices become a
 * numbered list, and a bare number typed next is read as that choice; the memory of the last list
 * is updated in the order the chat's messages are answered.
 */
export function zaloPort({ channel, sendText, classify, choices, download, onBlocked }: ZaloPortOptions): ChannelPort {
  return {
    toRequest(m: InboundMessage): BotRequest {
      const request: BotRequest = { channel, userId: m.userId, chatId: m.chatId, text: m.text, chatType: m.chatType ?? "private" };
      const f = m.file;
      if (f) {
        request.file = {
          name: f.name,
          size: f.size,
          contentType: f.contentType,
          // The URL stays here and out of the logs; the core downloads only what it accepts.
          download: () => (f.ref && download ? download(f.ref) : Promise.reject(new Error("Zalo không gửi kèm địa chỉ để tải tệp"))),
        };
      } else {
        request.text = resolveNumberedChoice(m.text, choices.get(m.chatId));
      }
      return request;
    },
    render(m: InboundMessage, reply: BotReply): ReplyPart[] {
      if (reply.buttons?.length) choices.set(m.chatId, reply.buttons);
      else choices.delete(m.chatId);
      return [{ kind: "text", text: renderForZalo(reply) }];
    },
    async send(chatId, part) {
      if (part.kind === "text") await sendText(chatId, part.text);
    },
    classify,
    onBlocked,
  };
}
