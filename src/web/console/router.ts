import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { readOverview } from "../../services/console/overview.ts";
import type { Db } from "../../services/db.ts";
import { MAX_CHAT_FILE_BYTES } from "../../services/http/download.ts";
import type { Logger } from "../../services/logger.ts";
import { securityHeaders } from "../security-headers.ts";
import { broadcastPages } from "./broadcasts.ts";
import { directoryPages } from "./directory.ts";
import { figurePages } from "./figures.ts";
import { loginLimiter, signIn, signOut } from "./login.ts";
import { MESSAGES, sendMessage } from "./messages.ts";
import { type Ingestion, uploadBody } from "./report-upload.ts";
import { reportPages } from "./reports.ts";
import { requireCsrfToken, requireSession, signedInOf } from "./session.ts";
import { questionPages } from "./questions.ts";
import { subscriberPages } from "./subscribers.ts";
import { ASSETS_DIR, renderPage } from "./views.ts";

export interface ConsoleOptions {
  db: Db;
  staffIds: ReadonlySet<string>;
  /** PUBLIC_URL: its scheme makes the cookie Secure, its path (behind a proxy prefix) the cookie's path. */
  publicUrl: string;
  logger: Logger;
  now?: () => Date;
  /** Failed sign-in attempts per address per 15 minutes (default 10). */
  failedLoginsPerWindow?: number;
  /** Called after staff saved the directory: the bot must answer from the new data at once. */
  onDirectoryChanged?: () => Promise<void>;
  /** Called after staff added a phrase to a keyword rule: the bot must understand it at once. */
  onKeywordRulesChanged?: () => Promise<void>;
  /** Called after staff queued a broadcast: wakes the outbox sender. */
  onBroadcastQueued?: () => void;
  /** The core's report ingestion (file and link), for the report upload form; without it there is no upload. */
  reports?: Ingestion;
  /** Largest report file the upload form takes (default: the chat's cap, MAX_CHAT_FILE_BYTES). */
  maxUploadBytes?: number;
}

/** The staff console, mounted at /console: sign-in by a one-time link, then server-rendered pages. */
export function createConsoleRouter({
  db,
  staffIds,
  publicUrl,
  logger,
  now = () => new Date(),
  failedLoginsPerWindow = 10,
  onDirectoryChanged = async () => undefined,
  onKeywordRulesChanged = async () => undefined,
  onBroadcastQueued = () => undefined,
  reports,
  maxUploadBytes = MAX_CHAT_FILE_BYTES,
}: ConsoleOptions): Router {
  const url = new URL(publicUrl);
  const base = `${url.pathname.replace(/\/+$/, "")}/console`;
  const cookie = { path: base, secure: url.protocol === "https:" };
  const router = express.Router();

  router.use(securityHeaders({ https: cookie.secure }));
  router.use("/assets", express.static(ASSETS_DIR, { maxAge: "1h", index: false }));
  router.get(
    "/login",
    loginLimiter({ base, failedAttemptsPerWindow: failedLoginsPerWindow }),
    signIn({ db, staffIds, base, cookie, logger, now, failedAttemptsPerWindow: failedLoginsPerWindow }),
  );
  router.get("/signed-out", (_req, res) => sendMessage(res, base, MESSAGES.signedOut));

  // Everything below needs a signed-in staff member; POSTs also need the session's CSRF token.
  router.use(requireSession({ db, staffIds, base, now }));
  router.use(express.urlencoded({ extended: false, limit: "64kb" }));
  // The report upload is multipart: its body is read here, so the CSRF check below sees its token.
  router.use("/reports/new", uploadBody(maxUploadBytes));
  router.use(requireCsrfToken(base));

  router.get("/", async (_req, res, next) => {
    try {
      const { session } = signedInOf(res);
      const overview = await readOverview(db, now());
      const totals = {
        activeSubscribers: overview.subscribers.reduce((sum, s) => sum + s.active, 0),
        sent: overview.alerts.reduce((sum, a) => sum + a.sent, 0),
        failed: overview.alerts.reduce((sum, a) => sum + a.failed, 0),
      };
      renderPage(res, 200, "./overview", { base, current: "overview", title: "Tổng quan", staffId: session.staffId, csrf: session.csrfToken, overview, totals });
    } catch (err) {
      next(err);
    }
  });
  router.use("/directory", directoryPages({ db, base, logger, onDirectoryChanged }));
  router.use(subscriberPages({ db, base, logger, now }));
  router.use(figurePages({ db, base }));
  router.use(questionPages({ db, base, logger, now, onDirectoryChanged, onKeywordRulesChanged }));
  router.use(broadcastPages({ db, base, logger, now, onQueued: onBroadcastQueued }));
  router.use("/reports", reportPages({ db, base, logger, now, ingestion: reports }));
  router.post("/logout", signOut({ db, base, cookie, logger }));

  router.use((_req, res) => {
    const { session } = signedInOf(res);
    sendMessage(res, base, MESSAGES.notFound, { staffId: session.staffId, csrf: session.csrfToken });
  });
  router.use((err: Error & { status?: number }, req: Request, res: Response, _next: NextFunction) => {
    // A body the parser refused (too large, malformed) is the client's; anything else is ours.
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    logger.error({ event: "console_error", path: req.path, status, err }, "console request failed");
    if (res.headersSent) return;
    if (status === 500) return sendMessage(res, base, MESSAGES.serverError);
    res.status(status).type("text").send("Yêu cầu không hợp lệ.");
  });
  return router;
}
