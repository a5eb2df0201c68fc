import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from "playwright-core";
import { type FakeTelegram, startFakeTelegram } from "./fake-telegram.ts";
import { closedPort } from "./local-fetch.ts";
import { type ServiceProcess, startService } from "./service-process.ts";

// What the browser tests share. Chromium is Debian's package (Playwright's own browser download
// does not work offline); CHROMIUM_PATH points elsewhere.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);
export const NO_CHROMIUM = `needs Chromium at ${CHROMIUM}: install it with "apt-get install -y chromium", or set CHROMIUM_PATH`;
/** Screenshots, for a person to look at; ignored by git. */
export const OUTPUT = path.resolve("test-output");
/** The sign-in link in a /quantri reply. */
export const LOGIN_LINK = /(http:\/\/127\.0\.0\.1:\d+\/console\/login\?token=[A-Za-z0-9_-]{43})/;

export function launchChromium(): Promise<Browser> {
  mkdirSync(OUTPUT, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}

/** axe-core's serious and critical findings on the page, as "rule: help (n elements)". */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[] }> } }).axe;
    return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes} elements)`);
}

/** The real service with Telegram on the fake, `staff` in STAFF_IDS and PUBLIC_URL on its own port. */
export async function startConsoleService(dbFile: string, token: string, staff: number): Promise<{ fake: FakeTelegram; service: ServiceProcess }> {
  const fake = await startFakeTelegram();
  const port = await closedPort();
  const service = startService({
    DATABASE_URL: `file:${dbFile}`,
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    STAFF_IDS: `telegram:${staff}`,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  });
  await service.waitForLog("telegram_started");
  return { fake, service };
}

/**
 * Signs `staff` in the way staff do: /quantri to the bot on the fake Telegram, then the link opened
 * in a new browser context. Returns the context and its page, on the overview.
 */
export async function signInWithQuantri(
  browser: Browser,
  fake: FakeTelegram,
  token: string,
  staff: number,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const member = fake.user(token, { userId: staff });
  await member.say("/quantri");
  const [reply] = await member.nextReplies(1, 10_000);
  const link = LOGIN_LINK.exec(reply?.text ?? "")?.[1];
  if (!link) throw new Error(`no sign-in link in the reply to /quantri: ${reply?.text}`);
  const context = await browser.newContext({ locale: "vi-VN", ...options });
  const page = await context.newPage();
  const opened = await page.goto(link);
  if (opened?.status() !== 200) throw new Error(`the sign-in link answered ${opened?.status()}`);
  return { context, page };
}
