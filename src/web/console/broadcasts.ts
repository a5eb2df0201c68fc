import express, { type Response, type Router } from "express";
import { formatAnnouncement, TEXT_LIMITS, telegramPayload } from "../../services/alerts/format.ts";
import { checkDraft, type DraftErrors, type DraftField, type DraftForm, draftFormOf, vietnamFields } from "../../services/broadcasts/draft.ts";
import { cancelBroadcast, createBroadcast, queueBroadcast } from "../../services/broadcasts/queue.ts";
import { broadcastReport, listBroadcasts } from "../../services/broadcasts/report.ts";
import type { Db } from "../../services/db.ts";
import type { Logger } from "../../services/logger.ts";
import { type Audience, announcementRecipients } from "../../services/news/enqueue.ts";
import { availableTopics } from "../../services/subscriptions.ts";
import { broadcastView } from "./broadcast-view.ts";
import { MESSAGES, sendMessage } from "./messages.ts";
import { signedInOf } from "./session.ts";
import { renderPage } from "./views.ts";
import { telegramPreviewHtml } from "./telegram-preview.ts";

// Broadcasts (/console/broadcasts): compose, preview as Telegram and Zalo will show it, send now or
// at a set time, cancel before then, and each one's delivery report. Everything goes through the
// broadcast service (services/broadcasts/), which queues into the alert outbox.

export interface BroadcastPageOptions {
  db: Db;
  base: string;
  logger: Logger;
  now: () => Date;
  /** Called after a broadcast was queued: wakes the outbox sender. */
  onQueued: () => void;
}

const FIELD_ORDER: DraftField[] = ["text", "target", "date", "time"];

export function broadcastPages({ db, base, logger, now, onQueued }: BroadcastPageOptions): Router {
  const router = express.Router();
  const page = (res: Response) => {
    const { session } = signedInOf(res);
    return { base, staffId: session.staffId, csrf: session.csrfToken, current: "broadcasts" as const };
  };

  /** An hour from now, on the minute: what the date and time fields offer first. */
  const defaultForm = (): DraftForm => ({ text: "", target: "all", when: "now", ...vietnamFields(new Date(Math.ceil((now().getTime() + 3600_000) / 60_000) * 60_000)) });

  async function renderCompose(res: Response, status: number, form: DraftForm, extra: { errors?: DraftErrors; preview?: { text: string; audience: Audience } | null } = {}) {
    const errors = extra.errors ?? {};
    const [topics, broadcasts] = await Promise.all([availableTopics(db), listBroadcasts(db)]);
    // A topic no source offers any more still shows as chosen, so the error next to it makes sense.
    const chosenTopic = form.target.startsWith("topic:") ? form.target.slice(6) : null;
    if (chosenTopic && !topics.includes(chosenTopic)) topics.push(chosenTopic);
    let preview = null;
    if (extra.preview) {
      // The outbox's own renderer, and what each transport sends of its result.
      const telegram = telegramPayload(formatAnnouncement(extra.preview.text, "telegram"));
      const zalo = formatAnnouncement(extra.preview.text, "zalo");
      preview = {
        telegram: telegramPreviewHtml(telegram.text, telegram.html),
        telegramLength: telegram.text.length,
        zalo: zalo.text,
        zaloLength: zalo.text.length,
        limits: TEXT_LIMITS,
        reach: (await announcementRecipients(db, extra.preview.audience, now())).length,
      };
    }
    const summary = FIELD_ORDER.filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
    renderPage(res, status, "./broadcasts", {
      ...page(res),
      title: summary.length > 0 ? "Lỗi: Gửi thông báo" : preview ? "Xem trước: Gửi thông báo" : "Gửi thông báo",
      form,
      // The date field offers no day before today (the server checks the time anyway).
      today: vietnamFields(now()).date,
      errors,
      summary,
      topics,
      preview,
      broadcasts,
      view: broadcastView,
    });
  }

  router.get("/broadcasts", async (_req, res) => renderCompose(res, 200, defaultForm()));

  router.post("/broadcasts", async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form = draftFormOf(body);
    const checked = checkDraft(form, await availableTopics(db), now());
    if (body.action === "preview") {
      const preview = checked.ok ? checked.draft : checked.text !== null && checked.audience ? { text: checked.text, audience: checked.audience } : null;
      return renderCompose(res, checked.ok ? 200 : 422, form, { errors: checked.ok ? {} : checked.errors, preview });
    }
    if (!checked.ok) return renderCompose(res, 422, form, { errors: checked.errors });
    const { session } = signedInOf(res);
    const at = now();
    const broadcast = await createBroadcast(db, { ...checked.draft, createdBy: session.staffId }, at);
    const queued = checked.draft.scheduledAt === null ? await queueBroadcast(db, broadcast.id, at) : null;
    logger.info(
      {
        event: "console_broadcast_created",
        staff: session.staffId,
        broadcast: broadcast.id,
        scheduledAt: broadcast.scheduledAt.toISOString(),
        audience: checked.draft.audience,
        queued,
      },
      checked.draft.scheduledAt ? "staff scheduled a broadcast" : "staff sent a broadcast",
    );
    if (queued !== null) onQueued();
    res.redirect(303, `${base}/broadcasts/${broadcast.id}?created=1`);
  });

  const idOf = (raw: string): number | null => (/^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : null);

  async function renderReport(res: Response, status: number, id: number, notice: string | null, problem: string | null = null) {
    const report = await broadcastReport(db, id);
    if (!report) return sendMessage(res, base, MESSAGES.notFound, { staffId: page(res).staffId, csrf: page(res).csrf });
    renderPage(res, status, "./broadcast", { ...page(res), title: `Thông báo số ${report.id}`, report, notice, problem, view: broadcastView });
  }

  router.get("/broadcasts/:id", async (req, res) => {
    const id = idOf(req.params.id);
    if (id === null) return sendMessage(res, base, MESSAGES.notFound, { staffId: page(res).staffId, csrf: page(res).csrf });
    const notice = req.query.created === "1" ? "created" : req.query.cancelled === "1" ? "cancelled" : null;
    await renderReport(res, 200, id, notice);
  });

  router.post("/broadcasts/:id/cancel", async (req, res) => {
    const id = idOf(req.params.id);
    if (id === null) return sendMessage(res, base, MESSAGES.notFound, { staffId: page(res).staffId, csrf: page(res).csrf });
    const { session } = signedInOf(res);
    if (await cancelBroadcast(db, id, session.staffId, now())) {
      logger.info({ event: "console_broadcast_cancelled", staff: session.staffId, broadcast: id }, "staff cancelled a scheduled broadcast");
      return res.redirect(303, `${base}/broadcasts/${id}?cancelled=1`);
    }
    // Queued (or cancelled) in the meantime: the page says so, with the state as it is now.
    await renderReport(res, 409, id, null, "Không hủy được: thông báo này đã được xếp hàng gửi hoặc đã bị hủy trước đó.");
  });

  return router;
}
