import express, { type Request, type Response, type Router } from "express";
import { correctFigure, markReviewed, setFigureHidden } from "../../services/console/report-review.ts";
import { listReportPage, readReport } from "../../services/console/reports.ts";
import { droppedLine } from "../../handlers/ingest-reply.ts";
import type { Db } from "../../services/db.ts";
import type { Logger } from "../../services/logger.ts";
import { MESSAGES, sendMessage } from "./messages.ts";
import { VIEW } from "./report-view.ts";
import { type Ingestion, storeUpload, type UploadFailure } from "./report-upload.ts";
import { signedInOf } from "./session.ts";
import { renderPage } from "./views.ts";

// The report pages (/console/reports): the list, the upload form, and one report's figures, where
// staff correct a value, hide or show a figure, and mark the report reviewed. Every change is a
// plain form POST answered by a 303 back to the report, and the bot answers from it at once.

export interface ReportPageOptions {
  db: Db;
  base: string;
  logger: Logger;
  now: () => Date;
  /** The chat's ingestion (the core's), or undefined when the console runs without one: no upload then. */
  ingestion?: Ingestion;
}

const ID = /^[1-9]\d{0,9}$/;
const DONE: Record<string, string> = {
  stored: "Đã lưu báo cáo.",
  updated: "Đã cập nhật báo cáo theo bản mới; số liệu cán bộ đã sửa hoặc ẩn được giữ nếu vẫn còn trong bản mới.",
  unchanged: "Báo cáo này đã có, nội dung không đổi.",
  corrected: "Đã sửa số liệu. Bot trả lời theo giá trị mới.",
  hidden: "Đã ẩn số liệu. Bot không trả lời số liệu này nữa.",
  shown: "Đã hiện lại số liệu.",
  reviewed: "Đã đánh dấu báo cáo là đã duyệt. Bot trả lời các số liệu không bị ẩn của báo cáo.",
};

export function reportPages({ db, base, logger, now, ingestion }: ReportPageOptions): Router {
  const router = express.Router();
  const page = (res: Response) => {
    const { session } = signedInOf(res);
    return { base, staffId: session.staffId, csrf: session.csrfToken, current: "reports" as const, view: VIEW };
  };
  const notFound = (res: Response) => {
    const { session } = signedInOf(res);
    sendMessage(res, base, MESSAGES.notFound, { staffId: session.staffId, csrf: session.csrfToken });
  };

  router.get("/", async (req, res) => {
    const list = await listReportPage(db, Number(req.query.page ?? 1));
    const at = (n: number) => `${base}/reports${n > 1 ? `?page=${n}` : ""}`;
    renderPage(res, 200, "./reports", {
      ...page(res),
      title: "Báo cáo",
      list,
      canUpload: ingestion !== undefined,
      previous: list.page > 1 ? at(list.page - 1) : null,
      next: list.page < list.pages ? at(list.page + 1) : null,
    });
  });

  const renderUpload = (res: Response, status: number, failure: Omit<UploadFailure, "status"> | null, link = "") =>
    renderPage(res, status, "./report-upload", { ...page(res), title: failure ? "Lỗi: Thêm báo cáo" : "Thêm báo cáo", failure, link });

  router.get("/new", (_req, res) => (ingestion ? renderUpload(res, 200, null) : notFound(res)));

  router.post("/new", async (req, res) => {
    if (!ingestion) return notFound(res);
    const { session } = signedInOf(res);
    const outcome = await storeUpload(req, res, ingestion);
    if (!outcome.ok) {
      logger.warn(
        { event: "console_report_refused", staff: session.staffId, status: outcome.status, field: outcome.field, reason: outcome.message, err: outcome.cause },
        "report upload refused",
      );
      return renderUpload(res, outcome.status, outcome, typeof req.body?.link === "string" ? req.body.link.trim() : "");
    }
    const { report, figures, status, droppedEdits = 0 } = outcome.stored;
    logger.info({ event: "console_report_stored", staff: session.staffId, report: report.id, status, figures: figures.length, droppedEdits }, "staff stored a report");
    res.redirect(303, `${base}/reports/${report.id}?done=${status === "created" ? "stored" : status}${droppedEdits > 0 ? `&dropped=${droppedEdits}` : ""}`);
  });

  router.get("/:id", async (req, res) => {
    const detail = ID.test(req.params.id) ? await readReport(db, Number(req.params.id)) : null;
    if (!detail) return notFound(res);
    await renderDetail(req, res, 200, detail);
  });

  async function renderDetail(
    req: Request,
    res: Response,
    status: number,
    detail: NonNullable<Awaited<ReturnType<typeof readReport>>>,
    error?: { figureId: number; message: string; typed: string },
  ) {
    const dropped = Number(req.query.dropped);
    const done = typeof req.query.done === "string" ? (DONE[req.query.done] ?? null) : null;
    const note = Number.isInteger(dropped) && dropped > 0 ? droppedLine(dropped) : null;
    const hidden = detail.figures.filter((f) => f.hidden).length;
    renderPage(res, status, "./report", { ...page(res), title: error ? `Lỗi: ${detail.report.title}` : detail.report.title, ...detail, hidden, done, note, error: error ?? null });
  }

  /** The figure a POST names, if it belongs to the report in the path. */
  async function figureOf(req: Request): Promise<{ reportId: number; figureId: number } | null> {
    const { id, figureId } = req.params as { id: string; figureId: string };
    if (!ID.test(id) || !ID.test(figureId)) return null;
    const figure = await db.figure.findUnique({ where: { id: Number(figureId) }, select: { reportId: true } });
    return figure && figure.reportId === Number(id) ? { reportId: figure.reportId, figureId: Number(figureId) } : null;
  }
  const back = (res: Response, reportId: number, done: string, figureId?: number) =>
    res.redirect(303, `${base}/reports/${reportId}?done=${done}${figureId ? `#figure-${figureId}` : ""}`);

  router.post("/:id/figures/:figureId/value", async (req, res) => {
    const target = await figureOf(req);
    if (!target) return notFound(res);
    const { session } = signedInOf(res);
    const typed = typeof req.body?.value === "string" ? req.body.value : "";
    const result = await correctFigure(db, target.figureId, typed, { staffId: session.staffId, at: now() });
    if (!result.ok) {
      if (result.reason === "not_found") return notFound(res);
      const detail = await readReport(db, target.reportId);
      const message = "Giá trị phải là một số, ví dụ 1.234,5 hoặc -2,3 (không ghi đơn vị: đơn vị ghi bên cạnh ô).";
      return renderDetail(req, res, 422, detail!, { figureId: target.figureId, message, typed });
    }
    logger.info({ event: "console_figure_corrected", staff: session.staffId, report: target.reportId, figure: target.figureId }, "staff corrected a figure");
    back(res, target.reportId, "corrected", target.figureId);
  });

  router.post("/:id/figures/:figureId/visibility", async (req, res) => {
    const target = await figureOf(req);
    if (!target) return notFound(res);
    const { session } = signedInOf(res);
    const hidden = req.body?.hidden === "true";
    await setFigureHidden(db, target.figureId, hidden);
    logger.info(
      { event: hidden ? "console_figure_hidden" : "console_figure_shown", staff: session.staffId, report: target.reportId, figure: target.figureId },
      "staff changed a figure's visibility",
    );
    back(res, target.reportId, hidden ? "hidden" : "shown", target.figureId);
  });

  router.post("/:id/review", async (req, res) => {
    const { session } = signedInOf(res);
    const id = ID.test(req.params.id) ? Number(req.params.id) : 0;
    if (!id || !(await markReviewed(db, id, { staffId: session.staffId, at: now() }))) return notFound(res);
    logger.info({ event: "console_report_reviewed", staff: session.staffId, report: id }, "staff marked a report reviewed");
    back(res, id, "reviewed");
  });

  return router;
}
