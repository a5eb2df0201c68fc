// When the next message may go: a limiter per channel keeps the sender under the platform's bulk
// rate, and a gap per chat keeps messages to one chat apart. With several sends in flight, a
// chat with a message in flight is not ready at all: the gap starts from that message's answer.
import { ALERT_CHANNELS } from "./channels.ts";
import type { AlertChannel } from "./format.ts";

/** Below Telegram's ~30/s bulk limit; Zalo publishes none, so stay modest. */
export const DEFAULT_RATES: Record<AlertChannel, number> = { telegram: 25, zalo: 10 };

/** Two starts are never closer than this share of the even spacing, 1/rate. */
const MIN_GAP_SHARE = 0.9;
/** The counting window is this much longer than N/rate (see below). */
const WINDOW_MARGIN = 1.02;

/**
 * At most N = ⌊rate⌋ sends start in any span of N/rate seconds (any one second, for a whole rate),
 * and two starts are at least 0.9/rate seconds apart, so they never bunch up.
 *
 * Why not a token bucket of capacity one (starts exactly 1/rate apart, as before): every send
 * starts a little after it is due (timers, the whole-millisecond clock: ~1.5 ms), and such a bucket
 * never gives that time back, which cost 4 % of 25/s. Counting over a window gives it back: after
 * a late start the next may come a little sooner, and the count still holds. The window is 2 %
 * longer than N/rate: room for the usual delay between a send's start and its arrival (p99 about
 * 15 ms in bench:alerts). A longer stall of this process can still bunch two arrivals.
 */
function createLimiter(rate: number | null) {
  const n = rate === null ? 0 : Math.max(1, Math.floor(rate));
  const windowMs = rate === null ? 0 : (n / rate) * 1000 * WINDOW_MARGIN;
  const minGapMs = rate === null ? 0 : (MIN_GAP_SHARE * 1000) / rate;
  /** Start times of the last n sends, oldest first. */
  const starts: number[] = [];
  let holdUntil = 0;
  return {
    readyAt(t: number): number {
      let at = Math.max(t, holdUntil);
      if (starts.length > 0) at = Math.max(at, starts[starts.length - 1] + minGapMs);
      if (n > 0 && starts.length === n) at = Math.max(at, starts[0] + windowMs);
      return at;
    },
    take(t: number) {
      if (n === 0) return;
      starts.push(t);
      if (starts.length > n) starts.shift();
    },
    hold(until: number) {
      holdUntil = Math.max(holdUntil, until);
    },
  };
}

export interface Pacer {
  /** The earliest time a message to this chat may be sent; Infinity while one to it is in flight. */
  readyAt(to: { channel: AlertChannel; chatId: string }, t: number): number;
  /** Counts a send to this chat starting at `t`; the chat is busy until it is answered. */
  take(channel: AlertChannel, chatId: string, t: number): void;
  /** Holds the whole channel back until `until` (a short 429). */
  hold(channel: AlertChannel, until: number): void;
  /** Records that the platform answered a message to this chat at `at`. */
  answered(channel: AlertChannel, chatId: string, at: number): void;
}

/** `ratePerSecond`: messages per second per channel, DEFAULT_RATES if unset, null for no limit. */
export function createPacer(ratePerSecond: Partial<Record<AlertChannel, number | null>> | undefined, perChatIntervalMs: number): Pacer {
  const buckets = new Map(ALERT_CHANNELS.map((c) => [c, createLimiter(ratePerSecond?.[c] === undefined ? DEFAULT_RATES[c] : ratePerSecond[c]!)]));
  const chatFreeAt = new Map<string, number>();
  const chatKey = (channel: AlertChannel, chatId: string) => `${channel}:${chatId}`;
  return {
    readyAt: (to, t) => Math.max(chatFreeAt.get(chatKey(to.channel, to.chatId)) ?? 0, buckets.get(to.channel)!.readyAt(t)),
    take(channel, chatId, t) {
      buckets.get(channel)!.take(t);
      chatFreeAt.set(chatKey(channel, chatId), Infinity);
    },
    hold: (channel, until) => buckets.get(channel)!.hold(until),
    // Counted from the answer, not the request: then the platform too sees the messages to one
    // chat at least this far apart, whatever the network delays.
    answered(channel, chatId, at) {
      chatFreeAt.set(chatKey(channel, chatId), at + perChatIntervalMs);
    },
  };
}
