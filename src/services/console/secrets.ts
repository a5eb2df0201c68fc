import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// Sign-in links and session cookies carry random secrets; the database keeps only their SHA-256,
// so a copy of the database (a backup, say) signs nobody in.

/** 256 random bits, URL-safe (43 characters). */
export const newSecret = (): string => randomBytes(32).toString("base64url");

export const sha256 = (value: string): string => createHash("sha256").update(value, "utf8").digest("hex");

/** Compares two strings in constant time (for their length): no timing hint about a CSRF token. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A token as we issue it: base64url, 43 characters. Anything else is refused before a lookup. */
export const looksLikeSecret = (value: unknown): value is string => typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
