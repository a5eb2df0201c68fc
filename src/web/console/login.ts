import type { Request, RequestHandler, Response } from "express";
import { rateLimit } from "express-rate-limit";
import { consumeLoginToken } from "../../services/console/login-tokens.ts";
import { looksLikeSecret } from "../../services/console/secrets.ts";
import { closeSession, openSession } from "../../services/console/sessions.ts";
import type { Db } from "../../services/db.ts";
import type { Logger } from "../../services/logger.ts";
import { MESSAGES, sendMessage } from "./messages.ts";
import { type CookieSettings, clearSessionCookie, setSessionCookie, signedInOf } from "./session.ts";

// Sign-in by a one-time link (GET /login?token=…) and sign-out (POST /logout). The token is never
// logged: log lines name the path only (req.path has no query string) and the staff member.

export interface LoginOptions {
  db: Db;
  staffIds: ReadonlySet<string>;
  base: string;
  cookie: CookieSettings;
  logger: Logger;
  now: () => Date;
  /** Failed sign-in attempts one address may make per 15 minutes. */
  failedAttemptsPerWindow: number;
}

/** Counts failed attempts only (4xx answers), per client address: a staff member who signs in is never held up. */
export function loginLimiter({ base, failedAttemptsPerWindow }: Pick<LoginOptions, "base" | "failedAttemptsPerWindow">): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: failedAttemptsPerWindow,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, res) => sendMessage(res, base, MESSAGES.tooManyAttempts),
  });
}

export function signIn({ db, staffIds, base, cookie, logger, now }: LoginOptions): RequestHandler {
  return async (req: Request, res: Response) => {
    const token = req.query.token;
    if (!looksLikeSecret(token)) {
      logger.warn({ event: "console_login_refused", reason: "malformed", ip: req.ip }, "console sign-in refused");
      return sendMessage(res, base, MESSAGES.linkMalformed);
    }
    const staffId = await consumeLoginToken(db, token, now());
    // A link issued to someone since removed from STAFF_IDS is as dead as a used one.
    if (!staffId || !staffIds.has(staffId)) {
      logger.warn({ event: "console_login_refused", reason: staffId ? "no longer staff" : "used, expired or unknown", ip: req.ip }, "console sign-in refused");
      return sendMessage(res, base, MESSAGES.linkDead);
    }
    const { id } = await openSession(db, staffId, now());
    setSessionCookie(res, id, cookie);
    logger.info({ event: "console_login", staff: staffId, ip: req.ip }, "staff signed in to the console");
    // 303 to the overview: the token leaves the address bar and the browser's history entry.
    res.redirect(303, base);
  };
}

export function signOut({ db, base, cookie, logger }: Pick<LoginOptions, "db" | "base" | "cookie" | "logger">): RequestHandler {
  return async (_req, res) => {
    const { sessionId, session } = signedInOf(res);
    await closeSession(db, sessionId);
    clearSessionCookie(res, cookie);
    logger.info({ event: "console_logout", staff: session.staffId }, "staff signed out of the console");
    res.redirect(303, `${base}/signed-out`);
  };
}
