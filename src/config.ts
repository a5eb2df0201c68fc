import { isIP } from "node:net";
import { validate as validCron } from "node-cron";
import { z } from "zod";
import { isAllowEntry } from "./services/http/address-policy.ts";

// Every setting the bot reads, validated once at start. Only src/index.ts (and the CLIs) pass
// `process.env` here; everything else receives the parsed Config.

const optional = (schema: z.ZodString) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());
const url = () => z.string().url("must be a full URL, such as https://example.org");
const telegramSecret = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "must be 1–256 characters of A–Z, a–z, 0–9, _ and -");

/** FETCH_ALLOW_PRIVATE: comma-separated, each an IP address, a CIDR range or a host name. */
const allowList = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .superRefine((entries, ctx) => {
    for (const entry of entries.filter((e) => !isAllowEntry(e))) {
      ctx.addIssue({ code: "custom", message: `has "${entry}", which is not an IP address (10.0.0.5), a CIDR range (10.0.0.0/8, fd00::/8) or a host name (intranet.sct.local)` });
    }
  });

/** PUBLIC_URL: the service's address as staff's browsers reach it; sign-in links are built on it. */
const publicUrl = z
  .string()
  .refine((v) => {
    try {
      return ["http:", "https:"].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, "must be an http:// or https:// URL, such as https://bot.sct.example.gov.vn")
  .refine((v) => !v.endsWith("/"), "must not end with /")
  .refine((v) => !/[?#]/.test(v), "must not have a query (?) or a fragment (#)");

/**
 * TRUST_PROXY: which reverse proxies may tell the client's address (X-Forwarded-For), for the
 * per-address limits. Never "any": a client could then claim any address and escape its limit.
 */
const trustProxy = z
  .string()
  .default("")
  .transform((v, ctx): number | string[] | false => {
    const value = v.trim();
    if (value === "" || value === "off") return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops >= 1 && hops <= 10) return hops;
    }
    const entries = value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const wrong = entries.filter((e) => !PROXY_NAMES.has(e) && !isIpOrRange(e));
    if (entries.length > 0 && wrong.length === 0 && !/^\d+$/.test(value)) return entries;
    ctx.addIssue({
      code: "custom",
      message: 'must be "off", a number of proxies in front (1–10), or comma-separated proxy addresses (127.0.0.1, 10.0.0.0/8, loopback, uniquelocal)',
    });
    return z.NEVER;
  });
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
function isIpOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split("/");
  const family = isIP(address ?? "");
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * CHAT_EMBED_ORIGINS: the sites whose pages may show the web chat in a frame (CSP frame-ancestors),
 * space-separated origins such as https://sct.bentre.gov.vn (a *. subdomain wildcard allowed), or "*".
 */
const embedOrigins = z
  .string()
  .default("*")
  .transform((v) => v.split(/\s+/).filter(Boolean))
  .superRefine((entries, ctx) => {
    for (const entry of entries.filter((e) => e !== "*" && !/^https?:\/\/(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$/.test(e))) {
      ctx.addIssue({ code: "custom", message: `has "${entry}", which is not an origin such as https://sct.bentre.gov.vn (no path, no trailing /) or *` });
    }
  })
  .transform((entries) => (entries.length === 0 || entries.includes("*") ? ["*"] : entries));

const rate = z.coerce.number({ error: "must be a number of messages per second" }).positive("must be more than 0").max(1000, "must be at most 1000");

const schema = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^file:.+/, 'must be a SQLite URL such as "file:./data/bot.db"')
      .default("file:./data/bot.db"),
    PORT: z.coerce
      .number({ error: "must be a port number (0–65535)" })
      .int("must be a port number (0–65535)")
      .min(0, "must be a port number (0–65535)")
      .max(65535, "must be a port number (0–65535)")
      .default(3000),
    HOST: z.string().default("0.0.0.0"),
    PUBLIC_URL: optional(publicUrl),
    TRUST_PROXY: trustProxy,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    DIRECTORY_FILE: z.string().default("data/directory.json"),
    SEED_REPORTS: z.string().default("data/seed-reports.json"),
    STAFF_IDS: z.string().default(""),
    TELEGRAM_BOT_TOKEN: optional(z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'must look like "123456789:AA..." (from @BotFather)')),
    TELEGRAM_API_ROOT: url().default("https://api.telegram.org"),
    TELEGRAM_WEBHOOK_URL: optional(url()),
    TELEGRAM_WEBHOOK_SECRET: optional(telegramSecret),
    ZALO_BOT_TOKEN: optional(z.string().regex(/^[^\s/]+$/, "must be the bot token from Zalo Bot Creator, without spaces or /")),
    ZALO_API_ROOT: url().default("https://bot-api.zaloplatforms.com"),
    ZALO_WEBHOOK_URL: optional(z.string().regex(/^https:\/\/\S+$/, "must be a public https:// URL ending in /webhooks/zalo")),
    ZALO_WEBHOOK_SECRET: optional(z.string().min(8, "must be 8–256 characters").max(256, "must be 8–256 characters")),
    ZALO_OA_APP_ID: optional(z.string().regex(/^\d+$/, "must be the numeric app id")),
    ZALO_OA_APP_SECRET: optional(z.string().min(8, "must be the app secret from the Zalo developer console")),
    ZALO_OA_SECRET_KEY: optional(z.string().min(8, "must be the Official Account's secret key (8 characters or more)")),
    ZALO_OA_REFRESH_TOKEN: optional(z.string()),
    ZALO_OA_ACCESS_TOKEN: optional(z.string()),
    ZALO_OA_API_ROOT: url().default("https://openapi.zalo.me"),
    ZALO_OA_OAUTH_ROOT: url().default("https://oauth.zaloapp.com"),
    NEWS_SOURCES: z.string().default(""),
    NEWS_SOURCES_FILE: optional(z.string()),
    NEWS_CRON: z.string().refine(validCron, 'must be a cron expression such as "*/15 * * * *"').default("*/15 * * * *"),
    NEWS_USER_AGENT: optional(z.string().max(200, "must be at most 200 characters")),
    FETCH_ALLOW_PRIVATE: allowList,
    ALERT_RATE_TELEGRAM: rate.default(25),
    ALERT_RATE_ZALO: rate.default(10),
    BACKUP_DIR: z.string().min(1).default("data/backups"),
    BACKUP_KEEP_DAYS: z.coerce.number({ error: "must be a whole number of days" }).int("must be a whole number of days").min(1, "must be at least 1").default(14),
    BACKUP_CRON: z
      .string()
      .refine((v) => v === "off" || validCron(v), 'must be a cron expression such as "15 2 * * *", or "off"')
      .default("15 2 * * *"),
    ALERT_WINDOW: z.coerce
      .number({ error: "must be a whole number of alerts in flight (1–100)" })
      .int("must be a whole number of alerts in flight (1–100)")
      .min(1, "must be at least 1")
      .max(100, "must be at most 100")
      .default(8),
    REVIEW_CRAWLED_REPORTS: z
      .preprocess(
        (v) => (typeof v === "string" && v.trim() !== "" ? v.trim().toLowerCase() : undefined),
        z.enum(["true", "false"], { error: 'must be "true" or "false"' }).default("false"),
      )
      .transform((v) => v === "true"),
    INBOUND_LIMIT_PER_MINUTE: z.coerce
      .number({ error: "must be a whole number of messages (0 switches the limit off)" })
      .int("must be a whole number of messages (0 switches the limit off)")
      .min(0, "must be 0 or more")
      .default(20),
    CHAT_EMBED_ORIGINS: embedOrigins,
    CHAT_PER_MINUTE: z.coerce
      .number({ error: "must be a whole number of messages (0 switches the limit off)" })
      .int("must be a whole number of messages (0 switches the limit off)")
      .min(0, "must be 0 or more")
      .default(20),
  })
  .superRefine((env, ctx) => {
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_WEBHOOK_SECRET"], message: "is required when TELEGRAM_WEBHOOK_URL is set" });
    }
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_BOT_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_BOT_TOKEN"], message: "is required when TELEGRAM_WEBHOOK_URL is set" });
    }
    if (env.ZALO_BOT_TOKEN && !env.ZALO_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["ZALO_WEBHOOK_SECRET"], message: "is required when ZALO_BOT_TOKEN is set (Zalo delivers messages only to a webhook)" });
    }
    const oa = [env.ZALO_OA_APP_ID, env.ZALO_OA_APP_SECRET, env.ZALO_OA_SECRET_KEY];
    if (oa.some(Boolean) && !oa.every(Boolean)) {
      for (const [name, value] of [
        ["ZALO_OA_APP_ID", oa[0]],
        ["ZALO_OA_APP_SECRET", oa[1]],
        ["ZALO_OA_SECRET_KEY", oa[2]],
      ] as const) {
        if (!value) ctx.addIssue({ code: "custom", path: [name], message: "is required with the other ZALO_OA_ settings" });
      }
    }
    if (env.ZALO_WEBHOOK_URL && !env.ZALO_BOT_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["ZALO_BOT_TOKEN"], message: "is required when ZALO_WEBHOOK_URL is set" });
    }
  });

export type Env = z.infer<typeof schema>;

export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  /** Where browsers reach the service (staff console links), without a trailing slash. */
  publicUrl: string;
  /** Express's "trust proxy": false, a number of proxies in front, or their addresses. */
  trustProxy: number | string[] | false;
  logLevel: string;
  directoryFile: string;
  seedReports: string;
  staffIds: Set<string>;
  telegram: { token?: string; apiRoot: string; webhookUrl?: string; webhookSecret?: string };
  zalo: { token?: string; apiRoot: string; webhookUrl?: string; webhookSecret?: string };
  zaloOa: { appId?: string; appSecret?: string; secretKey?: string; refreshToken?: string; accessToken?: string; apiRoot: string; oauthRoot: string };
  news: { sources: string; sourcesFile?: string; cron: string; userAgent?: string };
  /** Non-public addresses that links, feeds and files may still be fetched from (see safe-fetch.ts). */
  fetch: { allowPrivate: string[] };
  alertRates: { telegram: number; zalo: number };
  /** Nightly copies of the database: where, how long they are kept, when (null: not scheduled). */
  backup: { dir: string; keepDays: number; cron: string | null };
  /** Alerts in flight at once; a crash can repeat at most this many. */
  alertWindow: number;
  /** Messages one user may send per minute before the bot pauses answering them; 0 = no limit. */
  inboundPerMinute: number;
  /** Crawled articles' figures are answered only once staff marked the report reviewed in the console. */
  reviewCrawledReports: boolean;
  /** The public web chat: origins allowed to frame it (["*"]: any), messages per address per minute (0: no limit). */
  chat: { embedOrigins: string[]; perMinute: number };
  /** Values that must never reach a log line. */
  secrets: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`));
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    directoryFile: e.DIRECTORY_FILE,
    seedReports: e.SEED_REPORTS,
    staffIds: new Set(
      e.STAFF_IDS.split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ""),
      webhookUrl: e.TELEGRAM_WEBHOOK_URL,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
    },
    zalo: {
      token: e.ZALO_BOT_TOKEN,
      apiRoot: e.ZALO_API_ROOT.replace(/\/+$/, ""),
      webhookUrl: e.ZALO_WEBHOOK_URL,
      webhookSecret: e.ZALO_WEBHOOK_SECRET,
    },
    zaloOa: {
      appId: e.ZALO_OA_APP_ID,
      appSecret: e.ZALO_OA_APP_SECRET,
      secretKey: e.ZALO_OA_SECRET_KEY,
      refreshToken: e.ZALO_OA_REFRESH_TOKEN,
      accessToken: e.ZALO_OA_ACCESS_TOKEN,
      apiRoot: e.ZALO_OA_API_ROOT.replace(/\/+$/, ""),
      oauthRoot: e.ZALO_OA_OAUTH_ROOT.replace(/\/+$/, ""),
    },
    news: { sources: e.NEWS_SOURCES, sourcesFile: e.NEWS_SOURCES_FILE, cron: e.NEWS_CRON, userAgent: e.NEWS_USER_AGENT },
    fetch: { allowPrivate: e.FETCH_ALLOW_PRIVATE },
    alertRates: { telegram: e.ALERT_RATE_TELEGRAM, zalo: e.ALERT_RATE_ZALO },
    alertWindow: e.ALERT_WINDOW,
    inboundPerMinute: e.INBOUND_LIMIT_PER_MINUTE,
    reviewCrawledReports: e.REVIEW_CRAWLED_REPORTS,
    chat: { embedOrigins: e.CHAT_EMBED_ORIGINS, perMinute: e.CHAT_PER_MINUTE },
    backup: { dir: e.BACKUP_DIR, keepDays: e.BACKUP_KEEP_DAYS, cron: e.BACKUP_CRON === "off" ? null : e.BACKUP_CRON },
    secrets: [
      e.TELEGRAM_BOT_TOKEN,
      e.TELEGRAM_WEBHOOK_SECRET,
      e.ZALO_BOT_TOKEN,
      e.ZALO_WEBHOOK_SECRET,
      e.ZALO_OA_APP_SECRET,
      e.ZALO_OA_SECRET_KEY,
      e.ZALO_OA_REFRESH_TOKEN,
      e.ZALO_OA_ACCESS_TOKEN,
    ].filter((s): s is string => Boolean(s)),
  };
}
