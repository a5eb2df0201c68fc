import type { BotReply, BotRequest, Channel, ChartSpec } from "../../handlers/types.ts";
import type { ChannelPort, InboundMessage, ReplyPart, SendFailure } from "../../services/inbox/types.ts";
import { type ChoiceMemory, renderForZalo, resolveNumberedChoice } from "./render.ts";

/** How a channel shows a reply's chart: its public address, sent as a photo or as a link in the text. */
export interface ZaloCharts {
  url(chart: Pick<ChartSpec, "indicator" | "measure">): string;
  /** Zalo fetches photos itself, from a public https address only; otherwise the link goes in the text. */
  asPhoto: boolean;
}

export interface ZaloPortOptions {
  channel: Extract<Channel, "zalo" | "zalo-oa">;
  sendText(chatId: string, text: string): Promise<void>;
  classify(err: unknown): SendFailure;
  choices: ChoiceMemory;
  /** Fetches a file message's URL with the size cap. */
  download?: (url: string) => Promise<Uint8Array>;
  onBlocked?: (chatId: string) => Promise<void>;
  /** Without it, a chart reply goes as its text alone. */
  charts?: ZaloCharts;
  sendPhoto?(chatId: string, url: string, caption: string): Promise<void>;
}

/**
 * Zalo (bot and Official Account) as the inbox sees it. Zalo has no buttons: choices become a
 * numbered list, and a bare number typed next is read as that choice; the memory of the last list
 * is updated in the order the chat's messages are answered.
 */
export function zaloPort({ channel, sendText, classify, choices, download, onBlocked, charts, sendPhoto }: ZaloPortOptions): ChannelPort {
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
      const text = renderForZalo(reply);
      if (!reply.chart || !charts) return [{ kind: "text", text }];
      if (charts.asPhoto && sendPhoto)
        return [
          { kind: "photo", chart: reply.chart },
          { kind: "text", text },
        ];
      return [{ kind: "text", text: `${text}\n\nXem biểu đồ: ${charts.url(reply.chart)}` }];
    },
    async send(chatId, part) {
      if (part.kind === "text") await sendText(chatId, part.text);
      if (part.kind === "photo" && charts && sendPhoto) {
        const url = charts.url(part.chart);
        try {
          await sendPhoto(chatId, url, part.chart.caption);
        } catch (err) {
          // A photo Zalo will never take (it could not fetch the address, say) becomes a link,
          // so the numbers after it still go out; a pause or a block is handled as for any send.
          const failure = classify(err);
          if (failure.retry || failure.blocked) throw err;
          await sendText(chatId, `${part.chart.caption}\n${url}`);
        }
      }
    },
    classify,
    onBlocked,
  };
}
