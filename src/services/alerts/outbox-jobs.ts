// Turns due Delivery rows into jobs, one per message: an instant subscriber gets one message per
// row, a digest subscriber one message for all their due rows. Also picks which job goes next.
import type { Db } from "../db.ts";
import { skipPending } from "./delivery-rows.ts";
import { type AlertChannel, type AlertItem, type AlertMessage, formatAlert, formatAnnouncement, formatDigest } from "./format.ts";
import { DELIVERY_INCLUDE, type DeliveryJob, type DeliveryRow, type DrainResult } from "./outbox-types.ts";
import { safeReason } from "./transports.ts";

/**
 * The jobs for up to `limit` rows due at `t` on `channels`, oldest first. Rows of subscribers who
 * became inactive are skipped (counted in `result`).
 */
export async function loadDueJobs(db: Db, t: number, channels: AlertChannel[], limit: number, result: DrainResult): Promise<DeliveryJob[]> {
  const due = { status: "pending", notBefore: { lte: new Date(t) } };
  const rows = await db.delivery.findMany({ where: { ...due, subscriber: { channel: { in: channels } } }, orderBy: { id: "asc" }, take: limit, include: DELIVERY_INCLUDE });
  const jobs: DeliveryJob[] = [];
  const digests = new Set<number>();
  for (const row of rows) {
    const s = row.subscriber;
    if (!s.active) {
      // Unsubscribed or blocked after the row was queued: say so instead of leaving it pending.
      result.skipped += await skipPending(db, row.id, safeReason(`subscriber inactive${s.inactiveReason ? `: ${s.inactiveReason}` : ""}`));
      continue;
    }
    const base = { channel: s.channel as AlertChannel, chatId: s.chatId, subscriberId: s.id };
    if (s.mode !== "digest") jobs.push({ ...base, rows: [row], digest: false });
    else if (!digests.has(s.id)) {
      digests.add(s.id);
      // All of the subscriber's due rows, even beyond `limit`: a digest is one message.
      const all = await db.delivery.findMany({ where: { ...due, subscriberId: s.id }, orderBy: { id: "asc" }, include: DELIVERY_INCLUDE });
      jobs.push({ ...base, rows: all, digest: true });
    }
  }
  return jobs;
}

/**
 * The index of the first job that may be sent at `t` (-1 if none), and otherwise the earliest time
 * one may. Earlier jobs come first, so rows go out in the order they were queued where pacing allows.
 */
export function findReadyJob(jobs: DeliveryJob[], t: number, readyAt: (job: DeliveryJob, t: number) => number): { index: number; earliest: number } {
  let earliest = Infinity;
  for (let i = 0; i < jobs.length; i++) {
    const ready = readyAt(jobs[i], t);
    if (ready <= t) return { index: i, earliest };
    earliest = Math.min(earliest, ready);
  }
  return { index: -1, earliest };
}

const toAlertItem = (r: DeliveryRow): AlertItem => ({
  title: r.item.title,
  url: r.item.url,
  publishedAt: r.item.publishedAt,
  summary: r.item.summary,
  sourceName: r.item.source.name,
});

/** Staff announcements hang off a pseudo-source of kind "announcement" (services/announcements.ts). */
const isAnnouncement = (r: DeliveryRow) => r.item.source.kind === "announcement";

/** An announcement's whole text: its first line is the item's title, the rest its summary. */
export const announcementText = (item: { title: string; summary: string | null }): string => [item.title, item.summary ?? ""].join("\n").trim();

/**
 * The job's message and the rows it covers: a digest too long for one message covers fewer, and
 * an announcement always goes alone and whole, never as a line of a digest.
 */
export function composeMessage(job: DeliveryJob): { message: AlertMessage; rows: DeliveryRow[] } {
  const announcement = job.rows.find(isAnnouncement);
  if (announcement) return { message: formatAnnouncement(announcementText(announcement.item), job.channel), rows: [announcement] };
  if (job.digest && job.rows.length > 1) {
    const digest = formatDigest(job.rows.map(toAlertItem), job.channel);
    return { message: digest, rows: job.rows.slice(0, digest.count) }; // the rest stay pending for the next message
  }
  return { message: formatAlert(toAlertItem(job.rows[0]), job.channel), rows: job.rows };
}
