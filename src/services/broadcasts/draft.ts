// What staff typed into the broadcast form, checked: the text, whom it is for, and when. Every
// message is in Vietnamese and names what to do; the form shows each next to its field.
import { ANNOUNCEMENT_MAX_CHARS } from "../alerts/format.ts";
import type { Audience } from "../news/enqueue.ts";
import type { NewBroadcast } from "./queue.ts";

/** Channels a broadcast may be limited to. Zalo OA is offered, though it takes no subscriptions yet. */
export const BROADCAST_CHANNELS = ["telegram", "zalo", "zalo-oa"] as const;
/** The furthest ahead a broadcast may be scheduled. */
export const MAX_SCHEDULE_DAYS = 365;
const VN_OFFSET_MS = 7 * 3600_000;

export interface DraftForm {
  text: string;
  /** "all", "topic:<name>" or "channel:<channel>". */
  target: string;
  /** "now" or "later". */
  when: string;
  /** "YYYY-MM-DD" and "HH:MM", Vietnam's time; used when `when` is "later". */
  date: string;
  time: string;
}

export type DraftField = "text" | "target" | "date" | "time";
export type DraftErrors = Partial<Record<DraftField, string>>;

export type DraftResult = { ok: true; draft: Omit<NewBroadcast, "createdBy"> } | { ok: false; errors: DraftErrors; text: string | null; audience: Audience | null };

const field = (v: unknown): string => (typeof v === "string" ? v : "");

/** The form's fields as strings, missing ones empty. */
export function draftFormOf(body: Record<string, unknown>): DraftForm {
  return {
    text: field(body.text),
    target: field(body.target) || "all",
    when: field(body.when) === "later" ? "later" : "now",
    date: field(body.date).trim(),
    time: field(body.time).trim(),
  };
}

/** Line breaks as "\n", NFC (one code unit per Vietnamese letter, as the limits count), no spaces at the ends. */
export const tidyText = (text: string): string => text.replace(/\r\n?/g, "\n").normalize("NFC").trim();

export function audienceOf(target: string, topics: readonly string[]): Audience | null {
  if (target === "all") return {};
  if (target.startsWith("topic:")) {
    const topic = target.slice("topic:".length);
    return topics.includes(topic) ? { topic } : null;
  }
  if (target.startsWith("channel:")) {
    const channel = target.slice("channel:".length);
    return (BROADCAST_CHANNELS as readonly string[]).includes(channel) ? { channel } : null;
  }
  return null;
}

/** "2026-12-01" and "09:30" in Vietnam's time (UTC+7, no daylight saving), or null if no such moment. */
export function vietnamTime(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(time);
  if (!d || !t) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute);
  const back = new Date(utc);
  // 2026-02-30 would roll over to March: refuse it instead.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return new Date(utc - VN_OFFSET_MS);
}

/** `at` as the form's date and time fields show it, in Vietnam's time. */
export function vietnamFields(at: Date): { date: string; time: string } {
  const iso = new Date(at.getTime() + VN_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

export function checkDraft(form: DraftForm, topics: readonly string[], now: Date): DraftResult {
  const errors: DraftErrors = {};
  const text = tidyText(form.text);
  if (!text) errors.text = "Hãy nhập nội dung thông báo.";
  else if (text.length > ANNOUNCEMENT_MAX_CHARS)
    errors.text = `Nội dung dài ${text.length.toLocaleString("vi-VN")} ký tự, quá giới hạn ${ANNOUNCEMENT_MAX_CHARS.toLocaleString("vi-VN")} ký tự của một tin nhắn Zalo. Hãy rút gọn.`;
  const audience = audienceOf(form.target, topics);
  if (!audience) errors.target = "Hãy chọn người nhận trong danh sách.";
  let scheduledAt: Date | null = null;
  if (form.when === "later") {
    if (!form.date) errors.date = "Hãy chọn ngày gửi.";
    if (!form.time) errors.time = "Hãy chọn giờ gửi.";
    if (form.date && form.time) {
      scheduledAt = vietnamTime(form.date, form.time);
      if (!scheduledAt) errors.date = "Ngày hoặc giờ gửi không hợp lệ.";
      else if (scheduledAt.getTime() <= now.getTime()) errors.date = "Thời điểm gửi đã qua. Hãy chọn một thời điểm sau bây giờ (giờ Việt Nam), hoặc chọn “Gửi ngay”.";
      else if (scheduledAt.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 24 * 3600_000) errors.date = `Chỉ hẹn giờ gửi trong vòng ${MAX_SCHEDULE_DAYS} ngày tới.`;
    }
  }
  if (Object.keys(errors).length > 0 || !audience) return { ok: false, errors, text: errors.text ? null : text, audience };
  return { ok: true, draft: { text, audience, scheduledAt } };
}
