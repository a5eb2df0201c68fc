// Alert texts for subscribers. Telegram gets HTML (the only parse mode whose escaping is just
// `<`, `>`, `&`); Zalo has no parse mode, so it gets plain text. Both stay within one message,
// because a split alert could be half-delivered and then repeated whole on retry.

export type AlertChannel = "telegram" | "zalo";

export interface AlertItem {
  title: string;
  url?: string | null;
  publishedAt?: Date | null;
  summary?: string | null;
  sourceName?: string | null;
}

export interface AlertMessage {
  text: string;
  html?: string;
}

/** A digest also says how many items it lists, so the sender marks only those as delivered. */
export interface DigestMessage extends AlertMessage {
  count: number;
}

export const TEXT_LIMITS: Record<AlertChannel, number> = { telegram: 4096, zalo: 2000 };
export const UNSUBSCRIBE_HINT = "Gõ /huy để ngừng nhận tin.";
const SUMMARY_CHARS = 300;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, "&quot;");
const clean = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();

/** Cuts at a word boundary and marks the cut; never leaves half a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return "…".slice(0, max);
  let cut = s.lastIndexOf(" ", max - 1);
  if (cut < max * 0.6) cut = max - 1;
  if (/[\uDC00-\uDFFF]/.test(s[cut] ?? "")) cut--;
  return s.slice(0, cut).trimEnd() + "…";
}

/** The item's date as Vietnamese people write it, in Asia/Ho_Chi_Minh (UTC+7, no DST). */
export function formatDate(d: Date): string {
  const local = new Date(d.getTime() + 7 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
}

/** One sentence, or two when both fit in `max`; a single over-long sentence is cut at a word. */
export function summarize(summary: string | null | undefined, max = SUMMARY_CHARS): string {
  const text = clean(summary);
  if (!text) return "";
  const ends = [...text.matchAll(/[.!?…]+["'”’)\]]*(?=\s|$)/g)].map((m) => m.index + m[0].length);
  const fitting = ends.filter((e) => e <= max).slice(0, 2);
  if (fitting.length > 0) return text.slice(0, fitting[fitting.length - 1]);
  return truncate(text, max);
}

const safeUrl = (url: string | null | undefined) => (url && /^https?:\/\//i.test(url.trim()) ? url.trim() : undefined);

function buildAlert(item: AlertItem, channel: AlertChannel, titleMax: number, summaryMax: number, withLink: boolean): AlertMessage {
  const title = truncate(clean(item.title) || "(Không có tiêu đề)", titleMax);
  const meta = [item.publishedAt ? `Ngày đăng: ${formatDate(item.publishedAt)}` : "", clean(item.sourceName) ? `Nguồn: ${truncate(clean(item.sourceName), 100)}` : ""]
    .filter(Boolean)
    .join(" · ");
  const summary = summaryMax > 0 ? summarize(item.summary, summaryMax) : "";
  const url = withLink ? safeUrl(item.url) : undefined;

  const plain = [title, meta, summary, url ? `Xem chi tiết: ${url}` : "", UNSUBSCRIBE_HINT].filter(Boolean);
  const text = plain.join("\n");
  if (channel === "zalo") return { text };
  const html = [
    `<b>${escapeHtml(title)}</b>`,
    meta ? escapeHtml(meta) : "",
    summary ? escapeHtml(summary) : "",
    url ? `<a href="${escapeAttr(url)}">Xem chi tiết</a>` : "",
    `<i>${escapeHtml(UNSUBSCRIBE_HINT)}</i>`,
  ]
    .filter(Boolean)
    .join("\n");
  return { text, html };
}

const fits = (m: AlertMessage, limit: number) => m.text.length <= limit && (m.html === undefined || m.html.length <= limit);

/** A news alert for one subscriber: title, date, source, a short summary, the link, how to stop. */
export function formatAlert(item: AlertItem, channel: AlertChannel): AlertMessage {
  const limit = TEXT_LIMITS[channel];
  // Shrink step by step; the last steps only matter for absurd input (a title of thousands of "&").
  const attempts: [number, number, boolean][] = [
    [400, SUMMARY_CHARS, true],
    [200, 150, true],
    [200, 0, true],
    [100, 0, false],
    [40, 0, false],
  ];
  for (const [titleMax, summaryMax, withLink] of attempts) {
    const m = buildAlert(item, channel, titleMax, summaryMax, withLink);
    if (fits(m, limit)) return m;
  }
  return buildAlert({ title: item.title }, channel, 20, 0, false);
}

/** The heading of a staff announcement: the text below it is the staff member's own, whole. */
export const ANNOUNCEMENT_HEADING = "📢 Thông báo của Sở";
/**
 * The longest announcement text staff may write: with the heading and the unsubscribe line it
 * stays within one Zalo message (2000), so it is never split and half-delivered.
 */
export const ANNOUNCEMENT_MAX_CHARS = 1500;

/**
 * A staff announcement (a broadcast, /guitin): the heading, the text as written, how to stop. Not
 * shortened into a summary like a news item: staff chose every word. Telegram gets the heading in
 * bold; when escaping makes the HTML too long (a text full of "&"), it gets the plain text instead.
 */
export function formatAnnouncement(body: string, channel: AlertChannel): AlertMessage {
  const limit = TEXT_LIMITS[channel];
  const overhead = ANNOUNCEMENT_HEADING.length + UNSUBSCRIBE_HINT.length + 4;
  const trimmed = body.trim() || "(Không có nội dung)";
  const text = truncate(trimmed, Math.min(ANNOUNCEMENT_MAX_CHARS, limit - overhead));
  const plain = `${ANNOUNCEMENT_HEADING}\n\n${text}\n\n${UNSUBSCRIBE_HINT}`;
  if (channel === "zalo") return { text: plain };
  const html = `<b>${escapeHtml(ANNOUNCEMENT_HEADING)}</b>\n\n${escapeHtml(text)}\n\n<i>${escapeHtml(UNSUBSCRIBE_HINT)}</i>`;
  return html.length <= limit ? { text: plain, html } : { text: plain };
}

/**
 * What the Telegram transport sends for a message: the HTML in parse mode HTML when there is one,
 * else the plain text. Shared with the console's preview, so that it shows what is sent.
 */
export function telegramPayload(message: AlertMessage): { text: string; html: boolean } {
  return message.html !== undefined ? { text: message.html, html: true } : { text: message.text, html: false };
}

const DIGEST_TITLE_CHARS = 200;

function digestEntry(item: AlertItem, n: number, html: boolean): string {
  const title = truncate(clean(item.title) || "(Không có tiêu đề)", DIGEST_TITLE_CHARS);
  const date = item.publishedAt ? ` (${formatDate(item.publishedAt)})` : "";
  const url = safeUrl(item.url);
  if (!html) return `${n}. ${title}${date}${url ? `\n${url}` : ""}`;
  return `${n}. ${url ? `<a href="${escapeAttr(url)}">${escapeHtml(title)}</a>` : escapeHtml(title)}${escapeHtml(date)}`;
}

/**
 * Several items in one message, oldest first as given. When they do not all fit, the message lists
 * as many as fit and ends with "… và N tin khác"; `count` tells how many were listed.
 */
export function formatDigest(items: AlertItem[], channel: AlertChannel): DigestMessage {
  const limit = TEXT_LIMITS[channel];
  const header = `Bản tin: ${items.length} tin mới`;
  const build = (count: number): DigestMessage => {
    const more = items.length - count;
    const tail = more > 0 ? [`… và ${more} tin khác`] : [];
    const plain = [header, ...items.slice(0, count).map((it, i) => digestEntry(it, i + 1, false)), ...tail, UNSUBSCRIBE_HINT];
    const text = plain.join("\n\n");
    if (channel === "zalo") return { text, count };
    const rich = [`<b>${escapeHtml(header)}</b>`, ...items.slice(0, count).map((it, i) => digestEntry(it, i + 1, true)), ...tail, `<i>${escapeHtml(UNSUBSCRIBE_HINT)}</i>`];
    return { text, html: rich.join("\n\n"), count };
  };
  let count = items.length;
  let m = build(count);
  while (count > 1 && !fits(m, limit)) m = build(--count);
  // One entry always fits: titles are capped at 200 characters; only an absurd URL could break it.
  return fits(m, limit) ? m : { ...formatAlert(items[0], channel), count: 1 };
}
