import pino, { type Logger } from "pino";

export type { Logger };

// Bot API tokens look like "123456:AAE..." and sit inside request URLs ("/bot<token>/sendMessage").
const TOKEN_IN_URL = /bot\d+:[A-Za-z0-9_-]+/g;

/** Replaces every secret (and anything shaped like a bot token) in a log value. */
export function scrub(value: unknown, secrets: string[]): unknown {
  if (typeof value === "string") {
    let out = value.replace(TOKEN_IN_URL, "bot<redacted>");
    for (const secret of secrets) if (secret) out = out.split(secret).join("<redacted>");
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
  if (value instanceof Error) return { type: value.name, message: scrub(value.message, secrets), stack: scrub(value.stack, secrets) };
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)]));
  }
  return value;
}

export interface LoggerOptions {
  level: string;
  /** Values that must never be written (bot tokens, webhook secrets). */
  secrets: string[];
  /** File descriptor: 1 for the service, 2 for commands whose stdout is data (`ask`). */
  fd?: 1 | 2;
}

/** One JSON line per event; every field and message is scrubbed of secrets before it is written. */
export function createLogger({ level, secrets, fd = 1 }: LoggerOptions): Logger {
  const keep = secrets.filter((s) => s.length >= 4);
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }), log: (obj) => scrub(obj, keep) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? (scrub(a, keep) as string) : a)) as Parameters<typeof method>);
        },
      },
    },
    pino.destination({ fd, sync: true }),
  );
}
