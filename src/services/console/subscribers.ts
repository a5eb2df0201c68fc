import type { Db } from "../db.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

// The console's subscriber list and its CSV export: one filter for both, chat ids masked in both
// (staff see whom to look for, not an id to message), no user ids at all.

export const SUBSCRIBERS_PER_PAGE = 50;

export interface SubscriberFilter {
  channel?: string;
  status?: "active" | "inactive";
  /** Subscribers who receive this topic: those who chose it, and those who take every topic. */
  topic?: string;
}

export interface SubscriberRow {
  id: number;
  channel: string;
  /** The chat id with all but its last characters hidden. */
  chatId: string;
  /** Empty: every topic. */
  topics: string[];
  mode: "instant" | "digest";
  digestHour: number;
  active: boolean;
  inactiveReason: string | null;
  subscribedAt: Date;
  updatedAt: Date;
}

/** Shows at most the last 4 characters of a chat id, and never more than half of it. */
export function maskChatId(chatId: string): string {
  const shown = Math.min(4, Math.floor(chatId.length / 2));
  return `***${shown > 0 ? chatId.slice(-shown) : ""}`;
}

function whereOf(filter: SubscriberFilter): Prisma.SubscriberWhereInput {
  return {
    ...(filter.channel && { channel: filter.channel }),
    ...(filter.status && { active: filter.status === "active" }),
    // Topics are a JSON array of strings, written by JSON.stringify: the quoted name is in it.
    ...(filter.topic && { OR: [{ topics: { contains: JSON.stringify(filter.topic) } }, { topics: "[]" }] }),
  };
}

function rowOf(s: {
  id: number;
  channel: string;
  chatId: string;
  topics: string;
  mode: string;
  digestHour: number;
  active: boolean;
  inactiveReason: string | null;
  subscribedAt: Date;
  updatedAt: Date;
}): SubscriberRow {
  let topics: string[] = [];
  try {
    const parsed: unknown = JSON.parse(s.topics);
    if (Array.isArray(parsed)) topics = parsed.filter((t): t is string => typeof t === "string");
  } catch {
    // A malformed list shows as every topic, as the sender reads it.
  }
  return {
    id: s.id,
    channel: s.channel,
    chatId: maskChatId(s.chatId),
    topics,
    mode: s.mode === "digest" ? "digest" : "instant",
    digestHour: s.digestHour,
    active: s.active,
    inactiveReason: s.inactiveReason,
    subscribedAt: s.subscribedAt,
    updatedAt: s.updatedAt,
  };
}

const ORDER: Prisma.SubscriberOrderByWithRelationInput[] = [{ id: "desc" }];

export interface SubscriberPage {
  rows: SubscriberRow[];
  total: number;
  page: number;
  pages: number;
}

/** One page (from 1) of the filtered list, newest first; a page past the end gives the last one. */
export async function listSubscribers(db: Db, filter: SubscriberFilter, page = 1, perPage = SUBSCRIBERS_PER_PAGE): Promise<SubscriberPage> {
  const where = whereOf(filter);
  const total = await db.subscriber.count({ where });
  const pages = Math.max(1, Math.ceil(total / perPage));
  const at = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const rows = await db.subscriber.findMany({ where, orderBy: ORDER, skip: (at - 1) * perPage, take: perPage });
  return { rows: rows.map(rowOf), total, page: at, pages };
}

/** What the filter form offers: the channels and topics subscribers have, and the sources' topics. */
export async function subscriberFilterChoices(db: Db): Promise<{ channels: string[]; topics: string[] }> {
  const [channels, sourceTopics] = await Promise.all([
    db.subscriber.findMany({ distinct: ["channel"], select: { channel: true }, orderBy: { channel: "asc" } }),
    db.newsSource.findMany({ where: { topic: { not: null }, kind: { not: "announcement" } }, select: { topic: true }, distinct: ["topic"] }),
  ]);
  return {
    channels: channels.map((c) => c.channel),
    topics: sourceTopics.map((s) => s.topic!).sort((a, b) => a.localeCompare(b, "vi")),
  };
}

/** Every row of the filtered list, newest first, read in batches (an export of any size stays small in memory). */
export async function* allSubscribers(db: Db, filter: SubscriberFilter, batch = 500): AsyncGenerator<SubscriberRow> {
  const where = whereOf(filter);
  let before: number | undefined;
  for (;;) {
    const rows = await db.subscriber.findMany({ where: before === undefined ? where : { AND: [where, { id: { lt: before } }] }, orderBy: ORDER, take: batch });
    for (const row of rows) yield rowOf(row);
    if (rows.length < batch) return;
    before = rows.at(-1)!.id;
  }
}

// CSV as Excel opens it (RFC 4180): fields with a comma, a quote or a line break in quotes, quotes
// doubled, lines ended by CRLF, and a UTF-8 byte order mark so Vietnamese letters show right.

export const CSV_BOM = "\uFEFF";

/**
 * One CSV field. A value a spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return) gets a leading single quote first, so it shows as text (OWASP "CSV injection").
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (fields: string[]): string => `${fields.map(csvField).join(",")}\r\n`;
