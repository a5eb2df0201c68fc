import { createHash } from "node:crypto";
import { sameSecret } from "../secret-header.ts";

// Zalo OA webhook signature (see docs/channels.md): `X-ZEvent-Signature: mac=<hex>`, where hex is a
// plain SHA-256 (not an HMAC) of appId + raw body + body.timestamp + OA secret key. The body is hashed
// as the bytes that arrived: re-serialised JSON can differ (key order, escapes, spacing) and would fail.

export const SIGNATURE_HEADER = "x-zevent-signature";

export function zaloOaMac(appId: string, rawBody: Buffer | string, timestamp: string, secretKey: string): string {
  return createHash("sha256").update(appId, "utf8").update(rawBody).update(timestamp, "utf8").update(secretKey, "utf8").digest("hex");
}

/** The `timestamp` field as it takes part in the hash. Documented as a string; a number is tolerated. */
export function signedTimestamp(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const t = (body as Record<string, unknown>).timestamp;
  if (typeof t === "string" && t !== "") return t;
  if (typeof t === "number" && Number.isSafeInteger(t)) return String(t);
  return undefined;
}

/** How far an event's timestamp may be from our clock, either way. */
export const TIMESTAMP_TOLERANCE_MS = 10 * 60_000;

/**
 * A signature proves who sent an event, not when: a captured delivery would verify forever. Zalo
 * stamps each event (milliseconds since the epoch), so one stamped far from now is refused.
 */
export function isFreshTimestamp(timestamp: string, nowMs: number, toleranceMs = TIMESTAMP_TOLERANCE_MS): boolean {
  if (!/^\d{1,16}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) - nowMs) <= toleranceMs;
}

export interface SignatureInput {
  appId: string;
  secretKey: string;
  rawBody: Buffer;
  timestamp: string | undefined;
  header: string | undefined;
}

/** True only for a header that matches the body; never throws. */
export function verifyZaloOaSignature({ appId, secretKey, rawBody, timestamp, header }: SignatureInput): boolean {
  if (header === undefined || timestamp === undefined) return false;
  // "mac=" is what independent implementations send; a bare hex is accepted in case the prefix is dropped.
  const given = header.trim().replace(/^mac=/i, "").toLowerCase();
  const expected = zaloOaMac(appId, rawBody, timestamp, secretKey);
  return sameSecret(given, expected);
}
