import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("configuration", () => {
  it("starts with no variables at all: SQLite file, port 3000, no channels", () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe("file:./data/bot.db");
    expect(config.port).toBe(3000);
    expect(config.telegram.token).toBeUndefined();
    expect(config.telegram.apiRoot).toBe("https://api.telegram.org");
    expect(config.zalo.apiRoot).toBe("https://bot-api.zaloplatforms.com");
  });

  it("treats empty values as unset, as a copied .env.example leaves them", () => {
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: "", TELEGRAM_WEBHOOK_URL: " " }).telegram.token).toBeUndefined();
  });

  it("gives one clear message per wrong variable, naming it", () => {
    const problems = problemsOf({ PORT: "abc", DATABASE_URL: "postgres://x", TELEGRAM_BOT_TOKEN: "not a token", LOG_LEVEL: "loud", TELEGRAM_API_ROOT: "nowhere" });
    expect(problems).toHaveLength(5);
    expect(problems.join("\n")).toMatch(/^PORT must be a port number/m);
    expect(problems.join("\n")).toMatch(/^DATABASE_URL must be a SQLite URL/m);
    expect(problems.join("\n")).toMatch(/^TELEGRAM_BOT_TOKEN must look like/m);
    expect(problems.join("\n")).toMatch(/^LOG_LEVEL /m);
    expect(problems.join("\n")).toMatch(/^TELEGRAM_API_ROOT must be a full URL/m);
  });

  it("requires the secrets and tokens that a webhook needs", () => {
    expect(problemsOf({ TELEGRAM_WEBHOOK_URL: "https://bot.example.org/webhooks/telegram" })).toEqual([
      "TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set",
      "TELEGRAM_BOT_TOKEN is required when TELEGRAM_WEBHOOK_URL is set",
    ]);
    expect(problemsOf({ ZALO_BOT_TOKEN: "123:abc" })).toEqual(["ZALO_WEBHOOK_SECRET is required when ZALO_BOT_TOKEN is set (Zalo delivers messages only to a webhook)"]);
    expect(problemsOf({ ZALO_BOT_TOKEN: "123:abc", ZALO_WEBHOOK_SECRET: "short" })).toEqual(["ZALO_WEBHOOK_SECRET must be 8–256 characters"]);
    expect(problemsOf({ TELEGRAM_BOT_TOKEN: "1:a", TELEGRAM_WEBHOOK_URL: "https://x.org/w", TELEGRAM_WEBHOOK_SECRET: "has space" })[0]).toMatch(
      /^TELEGRAM_WEBHOOK_SECRET must be 1–256 characters/,
    );
  });

  it("lists every token and secret so that the logger can scrub them", () => {
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: "123:tok", ZALO_BOT_TOKEN: "z:tok", ZALO_WEBHOOK_SECRET: "zalo-secret" });
    expect(config.secrets).toEqual(["123:tok", "z:tok", "zalo-secret"]);
  });

  it("reads staff ids as channel:id pairs", () => {
    expect([...loadConfig({ STAFF_IDS: "telegram:123, zalo:abc" }).staffIds]).toEqual(["telegram:123", "zalo:abc"]);
  });
});

describe("news and alert settings", () => {
  it("default to a crawl every 15 minutes and Telegram's safe bulk rate", () => {
    const config = loadConfig({});
    expect(config.news.cron).toBe("*/15 * * * *");
    expect(config.alertRates).toEqual({ telegram: 25, zalo: 10 });
  });

  it("refuse a broken cron expression and a rate that is not a positive number", () => {
    expect(problemsOf({ NEWS_CRON: "every day", ALERT_RATE_TELEGRAM: "0", ALERT_RATE_ZALO: "fast" })).toEqual([
      'NEWS_CRON must be a cron expression such as "*/15 * * * *"',
      "ALERT_RATE_TELEGRAM must be more than 0",
      "ALERT_RATE_ZALO must be a number of messages per second",
    ]);
  });
});

describe("FETCH_ALLOW_PRIVATE", () => {
  it("allows no private address by default, and reads a comma-separated list", () => {
    expect(loadConfig({}).fetch.allowPrivate).toEqual([]);
    expect(loadConfig({ FETCH_ALLOW_PRIVATE: "" }).fetch.allowPrivate).toEqual([]);
    expect(loadConfig({ FETCH_ALLOW_PRIVATE: " 10.0.0.0/8, fd00::/8,192.168.1.20, intranet.sct.local ," }).fetch.allowPrivate).toEqual([
      "10.0.0.0/8",
      "fd00::/8",
      "192.168.1.20",
      "intranet.sct.local",
    ]);
  });

  it("names each entry that is not an IP address, a CIDR range or a host name", () => {
    expect(problemsOf({ FETCH_ALLOW_PRIVATE: "10.0.0.0/40,127.1,*.sct.local,10.0.0.1" })).toEqual(
      ['"10.0.0.0/40"', '"127.1"', '"*.sct.local"'].map(
        (e) => `FETCH_ALLOW_PRIVATE has ${e}, which is not an IP address (10.0.0.5), a CIDR range (10.0.0.0/8, fd00::/8) or a host name (intranet.sct.local)`,
      ),
    );
  });
});

describe("Zalo Official Account settings", () => {
  it("need the app id, the app secret and the OA secret key together, and hide the secrets", () => {
    expect(problemsOf({ ZALO_OA_APP_ID: "1234567890" })).toEqual([
      "ZALO_OA_APP_SECRET is required with the other ZALO_OA_ settings",
      "ZALO_OA_SECRET_KEY is required with the other ZALO_OA_ settings",
    ]);
    const config = loadConfig({ ZALO_OA_APP_ID: "1234567890", ZALO_OA_APP_SECRET: "app-secret-x", ZALO_OA_SECRET_KEY: "oa-secret-key", ZALO_OA_REFRESH_TOKEN: "refresh-1" });
    expect(config.zaloOa.apiRoot).toBe("https://openapi.zalo.me");
    expect(config.secrets).toEqual(expect.arrayContaining(["app-secret-x", "oa-secret-key", "refresh-1"]));
  });
});

describe("REVIEW_CRAWLED_REPORTS", () => {
  it("is off by default and when empty, on for true in any case, and refuses anything else", () => {
    expect(loadConfig({}).reviewCrawledReports).toBe(false);
    expect(loadConfig({ REVIEW_CRAWLED_REPORTS: "" }).reviewCrawledReports).toBe(false);
    expect(loadConfig({ REVIEW_CRAWLED_REPORTS: " True " }).reviewCrawledReports).toBe(true);
    expect(loadConfig({ REVIEW_CRAWLED_REPORTS: "false" }).reviewCrawledReports).toBe(false);
    expect(problemsOf({ REVIEW_CRAWLED_REPORTS: "yes" })).toEqual(['REVIEW_CRAWLED_REPORTS must be "true" or "false"']);
  });
});

describe("web chat settings", () => {
  it("let any site frame the chat and allow 20 questions a minute by default", () => {
    expect(loadConfig({}).chat).toEqual({ embedOrigins: ["*"], perMinute: 20 });
  });

  it("read space-separated origins, and 0 as no limit", () => {
    const config = loadConfig({ CHAT_EMBED_ORIGINS: " https://sct.bentre.gov.vn  https://*.bentre.gov.vn http://localhost:8080 ", CHAT_PER_MINUTE: "0" });
    expect(config.chat).toEqual({ embedOrigins: ["https://sct.bentre.gov.vn", "https://*.bentre.gov.vn", "http://localhost:8080"], perMinute: 0 });
    expect(loadConfig({ CHAT_EMBED_ORIGINS: "https://a.example *" }).chat.embedOrigins).toEqual(["*"]);
  });

  it("name an origin with a path or a trailing slash, and a negative limit", () => {
    expect(problemsOf({ CHAT_EMBED_ORIGINS: "https://sct.bentre.gov.vn/ sct.bentre.gov.vn", CHAT_PER_MINUTE: "-1" })).toEqual([
      'CHAT_EMBED_ORIGINS has "https://sct.bentre.gov.vn/", which is not an origin such as https://sct.bentre.gov.vn (no path, no trailing /) or *',
      'CHAT_EMBED_ORIGINS has "sct.bentre.gov.vn", which is not an origin such as https://sct.bentre.gov.vn (no path, no trailing /) or *',
      "CHAT_PER_MINUTE must be 0 or more",
    ]);
  });
});
