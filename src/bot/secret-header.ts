import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { Logger } from "../services/logger.ts";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Compares secrets in constant time whatever their lengths: both sides are hashed to equal-length digests. */
export const sameSecret = (given: string, expected: string): boolean => timingSafeEqual(digest(given), digest(expected));

export interface SecretHeaderOptions {
  header: string;
  secret: string;
  /** The refusal: 401 for Telegram (as its docs show), 403 for Zalo. */
  status: 401 | 403;
  error: string;
  logger: Logger;
  /** Log event name and message for a refusal. */
  event: string;
  message: string;
}

/** Middleware run before any body parser: a sender without the webhook's secret costs almost nothing. */
export function requireSecretHeader({ header, secret, status, error, logger, event, message }: SecretHeaderOptions): RequestHandler {
  const expected = digest(secret);
  return (req, res, next) => {
    const given = req.get(header);
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    logger.warn({ event, reason: given === undefined ? "missing secret header" : "wrong secret", ip: req.ip }, message);
    res.status(status).json({ ok: false, error });
  };
}
