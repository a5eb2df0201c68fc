// When the next message may go: a token bucket per channel keeps the sender under the platform's
// bulk rate, and a gap per chat keeps messages to one chat apart.
import { ALERT_CHANNELS } from "./channels.ts";
import type { AlertChannel } from "./format.ts";

/** Below Telegram's ~30/s bulk limit; Zalo publishes none, so stay modest. */
export const DEFAULT_RATES: Record<AlertChannel, number> = { telegram: 25, zalo: 10 };

/** Capacity one: messages are spaced evenly, never bursting above the configured rate. */
function createBucket(rate: number | null) {
  let tokens = 1;
  let last: number | undefined;
  let holdUntil = 0;
  const refill = (t: number) => {
    if (rate === null) return;
    if (last !== undefined && t > last) tokens = Math.min(1, tokens + ((t - last) * rate) / 1000);
    if (last === undefined || t > last) last = t;
  };
  return {
    readyAt(t: number): number {
      refill(t);
      const own = rate === null || tokens >= 1 ? t : t + ((1 - tokens) / rate) * 1000;
      return Math.max(own, holdUntil);
    },
    take(t: number) {
      refill(t);
      if (rate !== null) tokens -= 1;
    },
    hold(until: number) {
      holdUntil = Math.max(holdUntil, until);
    },
  };
}

export interface Pacer {
  /** The earliest time a message to this chat may be sent. */
  readyAt(to: { channel: AlertChannel; chatId: string }, t: number): number;
  /** Spends the channel's token for a message sent at `t`. */
  take(channel: AlertChannel, t: number): void;
  /** Holds the whole channel back until `until` (a short 429). */
  hold(channel: AlertChannel, until: number): void;
  /** Records that the platform answered a message to this chat at `at`. */
  answered(channel: AlertChannel, chatId: string, at: number): void;
}

/** `ratePerSecond`: messages per second per channel, DEFAULT_RATES if unset, null for no limit. */
export function createPacer(ratePerSecond: Partial<Record<AlertChannel, number | null>> | undefined, perChatIntervalMs: number): Pacer {
  const buckets = new Map(ALERT_CHANNELS.map((c) => [c, createBucket(ratePerSecond?.[c] === undefined ? DEFAULT_RATES[c] : ratePerSecond[c]!)]));
  const chatFreeAt = new Map<string, number>();
  const chatKey = (channel: AlertChannel, chatId: string) => `${channel}:${chatId}`;
  return {
    readyAt: (to, t) => Math.max(chatFreeAt.get(chatKey(to.channel, to.chatId)) ?? 0, buckets.get(to.channel)!.readyAt(t)),
    take: (channel, t) => buckets.get(channel)!.take(t),
    hold: (channel, until) => buckets.get(channel)!.hold(until),
    // Counted from the answer, not the request: then the platform too sees the messages to one
    // chat at least this far apart, whatever the network delays.
    answered(channel, chatId, at) {
      chatFreeAt.set(chatKey(channel, chatId), at + perChatIntervalMs);
    },
  };
}
