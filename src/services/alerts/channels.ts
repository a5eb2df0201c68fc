// Which channels may send right now. A long 429 pauses a channel until a set time; the pause is a
// ChannelPause row, so a restart honours it instead of hitting the limit again at once. A channel
// with no transport configured never sends, and its rows stay pending.
import type { Db } from "../db.ts";
import type { Logger } from "../logger.ts";
import type { AlertChannel } from "./format.ts";
import type { Transport } from "./transports.ts";

export const ALERT_CHANNELS: readonly AlertChannel[] = ["telegram", "zalo"];

/** Every pause, over or not. */
export const listPauses = (db: Db) => db.channelPause.findMany();

/** Pauses the channel until `until`; `reason` is the platform's answer. */
export async function pauseChannel(db: Db, channel: AlertChannel, until: Date, reason?: string): Promise<void> {
  const data = { until, reason: reason ?? null };
  await db.channelPause.upsert({ where: { channel }, create: { channel, ...data }, update: data });
}

export type ActiveChannels = (t: number, paused: Set<AlertChannel>) => Promise<AlertChannel[]>;

/**
 * Returns the check run at the start of each drain: it adds channels still paused at `t` to
 * `paused`, clears pauses that are over, and answers the channels that can send.
 */
export function createChannelGate(db: Db, transports: Partial<Record<AlertChannel, Transport>>, logger: Logger): ActiveChannels {
  // Warned once per sender, not once per drain: the loop drains every second.
  const warnedMissing = new Set<AlertChannel>();
  return async (t, paused) => {
    for (const p of await listPauses(db)) {
      const channel = p.channel as AlertChannel;
      if (p.until.getTime() > t) paused.add(channel);
      else {
        // Matched on the time too, so a pause renewed in the meantime is not cleared with it.
        await db.channelPause.deleteMany({ where: { channel: p.channel, until: p.until } });
        logger.info({ event: "alerts_channel_resumed", channel }, "alert channel pause is over");
      }
    }
    return ALERT_CHANNELS.filter((c) => {
      if (!transports[c] && !warnedMissing.has(c)) {
        warnedMissing.add(c);
        logger.warn({ event: "alerts_no_transport", channel: c }, "no transport for channel; its alerts stay pending");
      }
      return transports[c] && !paused.has(c);
    });
  };
}
