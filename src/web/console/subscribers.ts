import express, { type Request, type Response, type Router } from "express";
import { allSubscribers, CSV_BOM, csvLine, listSubscribers, type SubscriberFilter, type SubscriberRow, subscriberFilterChoices } from "../../services/console/subscribers.ts";
import type { Db } from "../../services/db.ts";
import type { Logger } from "../../services/logger.ts";
import { signedInOf } from "./session.ts";
import { fmt, renderPage } from "./views.ts";

// The subscriber list (/console/subscribers) and its CSV export (/console/subscribers.csv): the same
// filters, from a plain GET form; chat ids masked in both.

export interface SubscriberPageOptions {
  db: Db;
  base: string;
  logger: Logger;
  now: () => Date;
}

/** The filter in a query string; anything malformed is ignored, not refused. */
export function filterOf(query: Request["query"]): SubscriberFilter {
  const one = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  const channel = one(query.channel);
  const status = one(query.status);
  const topic = one(query.topic);
  return {
    ...(/^[a-z][a-z-]{0,19}$/.test(channel) && { channel }),
    ...((status === "active" || status === "inactive") && { status }),
    ...(topic && topic.length <= 100 && { topic }),
  };
}

/** The filter as a query string ("" for none), for the pager and the export link. */
export function queryOf(filter: SubscriberFilter, page?: number): string {
  const params = new URLSearchParams();
  if (filter.channel) params.set("channel", filter.channel);
  if (filter.status) params.set("status", filter.status);
  if (filter.topic) params.set("topic", filter.topic);
  if (page && page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

export const modeOf = (row: SubscriberRow): string => (row.mode === "digest" ? `Bản tin hằng ngày lúc ${row.digestHour} giờ` : "Ngay khi có tin");
export const topicsOf = (row: SubscriberRow): string => (row.topics.length > 0 ? row.topics.join("; ") : "Mọi chủ đề");
export const statusOf = (row: SubscriberRow): string => (row.active ? "Đang nhận" : `Đã ngừng${row.inactiveReason ? ` (${reasonOf(row.inactiveReason)})` : ""}`);

function reasonOf(reason: string): string {
  if (reason === "unsubscribed") return "tự hủy đăng ký";
  if (reason.startsWith("blocked")) return "đã chặn bot hoặc rời cuộc trò chuyện";
  return reason;
}

const CSV_HEADER = ["Kênh", "Mã cuộc trò chuyện (che bớt)", "Chủ đề", "Cách nhận", "Trạng thái", "Ngày đăng ký", "Cập nhật lần cuối"];

/** "2026-12-01 10:00" in Vietnam's time: a form spreadsheets read as a date. */
const csvTime = (d: Date): string => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 16).replace("T", " ");

export function csvRow(row: SubscriberRow): string {
  return csvLine([fmt.channel(row.channel), row.chatId, topicsOf(row), modeOf(row), statusOf(row), csvTime(row.subscribedAt), csvTime(row.updatedAt)]);
}

function drainedOrClosed(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}

export function subscriberPages({ db, base, logger, now }: SubscriberPageOptions): Router {
  const router = express.Router();

  router.get("/subscribers", async (req, res) => {
    const { session } = signedInOf(res);
    const filter = filterOf(req.query);
    const requested = Number.parseInt(typeof req.query.page === "string" ? req.query.page : "1", 10);
    const [list, choices] = await Promise.all([listSubscribers(db, filter, Number.isFinite(requested) ? requested : 1), subscriberFilterChoices(db)]);
    // A topic or channel in the address that the lists do not have still shows as chosen.
    if (filter.topic && !choices.topics.includes(filter.topic)) choices.topics.push(filter.topic);
    if (filter.channel && !choices.channels.includes(filter.channel)) choices.channels.push(filter.channel);
    renderPage(res, 200, "./subscribers", {
      base,
      staffId: session.staffId,
      csrf: session.csrfToken,
      current: "subscribers" as const,
      title: list.page > 1 ? `Người đăng ký nhận tin (trang ${list.page})` : "Người đăng ký nhận tin",
      filter,
      filtered: Object.keys(filter).length > 0,
      choices,
      list,
      view: { modeOf, topicsOf, statusOf },
      previous: list.page > 1 ? `${base}/subscribers${queryOf(filter, list.page - 1)}` : null,
      next: list.page < list.pages ? `${base}/subscribers${queryOf(filter, list.page + 1)}` : null,
      csv: `${base}/subscribers.csv${queryOf(filter)}`,
    });
  });

  router.get("/subscribers.csv", async (req: Request, res: Response) => {
    const { session } = signedInOf(res);
    const filter = filterOf(req.query);
    const day = now().toISOString().slice(0, 10);
    res.status(200);
    res.set({
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="nguoi-dang-ky-${day}.csv"`,
      "Cache-Control": "no-store",
    });
    let rows = 0;
    try {
      res.write(CSV_BOM + csvLine(CSV_HEADER));
      for await (const row of allSubscribers(db, filter)) {
        rows += 1;
        // Waits for the client when the socket's buffer is full; a client gone away ends the export.
        if (!res.write(csvRow(row))) await drainedOrClosed(res);
        if (res.destroyed) return;
      }
      res.end();
    } catch (err) {
      // Half a file must not look like a whole one: the download fails instead.
      logger.error({ event: "console_error", path: req.path, err }, "subscriber export failed");
      res.destroy();
      return;
    }
    logger.info({ event: "console_subscribers_export", staff: session.staffId, rows, filter }, "staff exported subscribers");
  });

  return router;
}
