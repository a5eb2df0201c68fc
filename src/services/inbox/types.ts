import type { BotReply, BotRequest, Channel, ChartSpec, QuickReply } from "../../handlers/types.ts";

/** What an adapter hands to the inbox: a platform message, verified and parsed, nothing answered yet. */
export interface InboundMessage {
  channel: Channel;
  /** The platform's id for this delivery; a redelivery carries the same one. */
  messageId: string;
  chatId: string;
  userId: string;
  text: string;
  chatType?: "private" | "group";
  /** A file message: where the adapter can fetch it again (Telegram file_id, Zalo URL). */
  file?: { name: string; size: number | null; contentType: string | null; ref: string };
  /** Set when the adapter already knows the answer (a sticker, a stale button): the core is not asked. */
  fixedReply?: string;
}

/**
 * One platform call of a reply. Plain data, stored so that a retry sends exactly the same reply. A
 * photo stores its chart's description, drawn to PNG when it is sent (bytes stay out of the table).
 */
export type ReplyPart = { kind: "text"; text: string; buttons?: QuickReply[] } | { kind: "contact"; phoneNumber: string; name: string } | { kind: "photo"; chart: ChartSpec };

/** How a failed send goes on: try again later (after at least `afterMs`), or never. */
export type SendFailure = { retry: true; afterMs?: number; reason: string } | { retry: false; reason: string; blocked?: boolean };

/** The platform side of a channel, as the inbox needs it. */
export interface ChannelPort {
  /** Turns a stored message back into a core request (a file gets its download function here). */
  toRequest(message: InboundMessage): BotRequest;
  /** The reply as the platform shows it, one part per API call. */
  render(message: InboundMessage, reply: BotReply): ReplyPart[];
  send(chatId: string, part: ReplyPart): Promise<void>;
  classify(err: unknown): SendFailure;
  /** Told when the platform says the user blocked the bot. */
  onBlocked?(chatId: string): Promise<void>;
}

/** The alert transports' error classes, as the inbox acts on them: one classification for both paths. */
export function sendFailureOf(d: { kind: "rate_limited" | "blocked" | "transient" | "permanent"; reason: string; retryAfterSec?: number }): SendFailure {
  if (d.kind === "rate_limited") return { retry: true, afterMs: (d.retryAfterSec ?? 30) * 1000, reason: d.reason };
  if (d.kind === "transient") return { retry: true, reason: d.reason };
  return { retry: false, reason: d.reason, blocked: d.kind === "blocked" };
}
