import { createHash } from "node:crypto";
import pino from "pino";
import type { Db } from "../../src/services/db.ts";
import { createTempDb } from "./temp-db.ts";

export type { TempDb } from "./temp-db.ts";

// Shared by the Zalo OA tests: ids and secrets, a real SQLite file, logs kept in memory.

export const APP_ID = "4291763606161179100";
/** The app secret: `secret_key` header of the OAuth refresh call. */
export const APP_SECRET = "appSecret-For-OAuth-9f8e7d6c";
/** The OA secret key: part of the webhook signature. */
export const OA_SECRET = "oaSecretKey-For-Webhook-1a2b3c";
export const SETUP_REFRESH_TOKEN = "RT-setup-0123456789abcdef0123";

/** A migrated SQLite file in a fresh temporary folder (no seed data: these tests need none). */
export const tempDb = () => createTempDb({ seed: false });

/** Logs go to memory and are written without any scrubbing: the adapter itself must keep tokens out. */
export function memoryLogger() {
  const lines: string[] = [];
  const logger = pino({ level: "debug", base: undefined }, { write: (line: string) => void lines.push(line) });
  return { logger, lines, text: () => lines.join("") };
}

/** The documented formula, written out independently of src/: sha256(appId + raw body + timestamp + OA secret key). */
export function sign(raw: string, timestamp: string, { appId = APP_ID, secret = OA_SECRET } = {}): string {
  return `mac=${createHash("sha256")
    .update(appId + raw + timestamp + secret, "utf8")
    .digest("hex")}`;
}

type Upsert = Db["zaloOaToken"]["upsert"];

/** A ZaloOaToken column and the value written to it (dates as ISO text). */
export interface WriteHooks {
  /** Runs before the write, once per column written; throwing makes the write fail. */
  before?: (column: string, value: string) => void;
  /** Runs once the write is committed, per column; "crash" leaves the writer waiting forever, as if the process had died. */
  after?: (column: string, value: string) => "crash" | undefined;
}

const columns = (update: Record<string, unknown>) => Object.entries(update).map(([column, v]) => [column, v instanceof Date ? v.toISOString() : String(v)] as const);

/** The same database, with hooks around every ZaloOaToken write. */
export function watchTokenWrites(db: Db, hooks: WriteHooks): Db {
  const upsert = (async (args: { update: Record<string, unknown> }) => {
    for (const [column, value] of columns(args.update)) hooks.before?.(column, value);
    const result = await (db.zaloOaToken.upsert as unknown as (a: unknown) => Promise<unknown>)(args);
    const after = columns(args.update).map(([column, value]) => hooks.after?.(column, value));
    if (after.includes("crash")) return new Promise(() => undefined);
    return result;
  }) as unknown as Upsert;
  const tokens = new Proxy(db.zaloOaToken, { get: (target, prop) => (prop === "upsert" ? upsert : Reflect.get(target, prop)) });
  return new Proxy(db, { get: (target, prop) => (prop === "zaloOaToken" ? tokens : Reflect.get(target, prop)) });
}
