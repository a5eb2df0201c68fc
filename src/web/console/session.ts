import type { NextFunction, Request, RequestHandler, Response } from "express";
import { looksLikeSecret, sameSecret } from "../../services/console/secrets.ts";
import { type ConsoleSession, findSession, SESSION_HOURS } from "../../services/console/sessions.ts";
import type { Db } from "../../services/db.ts";
import { MESSAGES, sendMessage } from "./messages.ts";

// The session cookie and the checks every console page goes through: a live session of someone
// still in STAFF_IDS, and on every POST the session's CSRF token.

export const SESSION_COOKIE = "console_session";

export interface CookieSettings {
  /** The console's path: the cookie is sent nowhere else. */
  path: string;
  /** Secure when the public address is https. */
  secure: boolean;
}

export function setSessionCookie(res: Response, id: string, { path, secure }: CookieSettings): void {
  res.cookie(SESSION_COOKIE, id, { path, secure, httpOnly: true, sameSite: "lax", maxAge: SESSION_HOURS * 3600_000 });
}

export function clearSessionCookie(res: Response, { path, secure }: CookieSettings): void {
  res.clearCookie(SESSION_COOKIE, { path, secure, httpOnly: true, sameSite: "lax" });
}

/** The session cookie's value, if the request carries a well-formed one. */
export function sessionIdOf(req: Request): string | undefined {
  for (const pair of (req.headers.cookie ?? "").split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = pair.slice(eq + 1).trim();
      return looksLikeSecret(value) ? value : undefined;
    }
  }
  return undefined;
}

export interface SignedIn {
  sessionId: string;
  session: ConsoleSession;
}

export const signedInOf = (res: Response): SignedIn => res.locals.signedIn as SignedIn;

/** Lets only a live session of a current staff member through; everyone else gets the sign-in page (401). */
export function requireSession({ db, staffIds, base, now }: { db: Db; staffIds: ReadonlySet<string>; base: string; now: () => Date }): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const sessionId = sessionIdOf(req);
      const session = sessionId ? await findSession(db, sessionId, now()) : null;
      // Someone removed from STAFF_IDS loses the console at once, not when the session ends.
      if (!sessionId || !session || !staffIds.has(session.staffId)) return sendMessage(res, base, MESSAGES.signInRequired);
      res.locals.signedIn = { sessionId, session } satisfies SignedIn;
      next();
    } catch (err) {
      next(err);
    }
  };
}

/** Every state-changing request must carry the session's synchronizer token as `_csrf`. */
export function requireCsrfToken(base: string): RequestHandler {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const { session } = signedInOf(res);
    const sent: unknown = req.body?._csrf;
    if (typeof sent === "string" && sameSecret(sent, session.csrfToken)) return next();
    sendMessage(res, base, MESSAGES.csrfRefused, { staffId: session.staffId, csrf: session.csrfToken });
  };
}
