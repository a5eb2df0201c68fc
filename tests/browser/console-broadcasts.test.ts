import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Api } from "grammy";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore } from "../../src/app/core.ts";
import { telegramTransport } from "../../src/bot/telegram/alert-transport.ts";
import { createOutboxSender, type OutboxSender } from "../../src/services/alerts/sender.ts";
import { vietnamFields } from "../../src/services/broadcasts/draft.ts";
import { broadcastTick } from "../../src/services/broadcasts/schedule.ts";
import { issueLoginToken } from "../../src/services/console/login-tokens.ts";
import { accessibilityProblems, haveChromium, launchChromium, NO_CHROMIUM, OUTPUT, signInWithQuantri, startConsoleService } from "../support/browser.ts";
import { type ConsoleHarness, startConsole } from "../support/console.ts";
import { type FakeTelegram, type FakeUser, startFakeTelegram } from "../support/fake-telegram.ts";
import type { ServiceProcess } from "../support/service-process.ts";
import { createTempDb, silentLogger, type TempDb } from "../support/temp-db.ts";

// A broadcast from the console to a Telegram subscriber, in a real headless Chromium: a staff member
// signs in, writes a notice, previews it, schedules it two hours ahead and sees it scheduled. The
// clock is the test's: the console, the minute job and the outbox sender all read it, so "two hours
// later" needs no waiting. The job runs (its function, as the cron would call it), the real outbox
// sender sends through grammY to the fake Telegram, the subscriber receives the notice, and the
// delivery page shows it sent. axe-core on every page; screenshots in test-output/.

const TOKEN = "4004:console-broadcasts-token-abcdef";
const CITIZEN = 7301;
const TEXT = "Thông báo lịch tiếp doanh nghiệp <quý IV>\nSáng thứ Hai, 8 giờ, tại trụ sở Sở Công Thương.";

describe.skipIf(!haveChromium)("the console's broadcasts in Chromium", { timeout: 120_000 }, () => {
  let temp: TempDb;
  let fake: FakeTelegram;
  let web: ConsoleHarness;
  let sender: OutboxSender;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let citizen: FakeUser;
  let woken = 0;

  beforeAll(async () => {
    temp = await createTempDb();
    fake = await startFakeTelegram();
    citizen = fake.user(TOKEN, { userId: CITIZEN });
    // The citizen subscribes through the bot's own handler; a topic exists to choose from.
    const core = await createCore(temp.db);
    expect((await core.answer({ channel: "telegram", userId: String(CITIZEN), chatId: String(CITIZEN), text: "/dangky" })).intent).toBe("subscribe");
    await temp.db.newsSource.create({ data: { url: "https://sct.example.gov.vn/gia-ca.rss", kind: "feed", topic: "Giá cả", configured: true } });
    web = await startConsole(temp.db, { onBroadcastQueued: () => (woken += 1) });
    web.clock.now = new Date(Date.now() + 1000);
    sender = createOutboxSender({
      db: temp.db,
      transports: { telegram: telegramTransport(new Api(TOKEN, { apiRoot: fake.apiRoot })) },
      logger: silentLogger,
      now: () => web.clock.now,
    });
    browser = await launchChromium();
    context = await browser.newContext({ locale: "vi-VN" });
    page = await context.newPage();
    const token = await issueLoginToken(temp.db, "telegram:900", web.clock.now);
    expect((await page.goto(`${web.url}/console/login?token=${token}`))!.status()).toBe(200);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await sender?.stop();
    await web?.close();
    await fake?.stop();
    await temp?.cleanup();
  });

  it("schedules a broadcast, and once its time comes the job queues it, the subscriber gets it and the page shows it sent", async () => {
    await page.getByRole("navigation", { name: "Trang quản trị" }).getByRole("link", { name: "Thông báo" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Gửi thông báo");
    expect(await page.getByRole("link", { name: "Thông báo" }).getAttribute("aria-current")).toBe("page");
    expect(await accessibilityProblems(page)).toEqual([]);

    // Two hours ahead, on the minute, in Vietnam's time.
    const at = new Date(Math.ceil((web.clock.now.getTime() + 2 * 3600_000) / 60_000) * 60_000);
    const { date, time } = vietnamFields(at);
    await page.getByLabel("Nội dung thông báo (bắt buộc)").fill(TEXT);
    await page.getByLabel("Gửi tới").selectOption("channel:telegram");
    await page.getByLabel("Hẹn ngày và giờ, theo giờ Việt Nam").check();
    await page.getByLabel("Ngày gửi", { exact: true }).fill(date);
    await page.getByLabel("Giờ gửi", { exact: true }).fill(time);
    await page.getByRole("button", { name: "Xem trước" }).click();

    // The preview: Telegram's bold heading as bold, the text as typed, and whom it reaches.
    await expect.poll(() => page.getByRole("heading", { name: "Xem trước" }).count()).toBe(1);
    const telegram = page.getByRole("figure", { name: /Trên Telegram/ });
    expect(await telegram.locator("b").textContent()).toBe("📢 Thông báo của Sở");
    expect(await telegram.textContent()).toContain("Thông báo lịch tiếp doanh nghiệp <quý IV>");
    expect(await page.getByRole("figure", { name: /Trên Zalo/ }).textContent()).toContain("Gõ /huy để ngừng nhận tin.");
    expect(await page.locator("#reach").textContent()).toContain("Sẽ gửi tới 1 người đăng ký");
    // What was typed and chosen is kept for the send.
    expect(await page.getByLabel("Nội dung thông báo (bắt buộc)").inputValue()).toBe(TEXT);
    expect(await page.getByLabel("Giờ gửi", { exact: true }).inputValue()).toBe(time);
    await page.screenshot({ path: path.join(OUTPUT, "console-broadcasts-preview.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(OUTPUT, "console-broadcasts-preview-mobile.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.getByRole("button", { name: "Gửi thông báo" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Đã hẹn gửi lúc");
    expect(await page.getByText("Đã hẹn giờ", { exact: true }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Hủy thông báo này" }).count()).toBe(1);
    await page.screenshot({ path: path.join(OUTPUT, "console-broadcast-scheduled.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);
    const report = page.url();

    // A minute before its time, the job leaves it; at its time, it queues it and wakes the sender.
    const tick = broadcastTick({ db: temp.db, logger: silentLogger, onQueued: () => (woken += 1), now: () => web.clock.now });
    web.clock.now = new Date(at.getTime() - 60_000);
    expect(await tick()).toEqual({ broadcasts: [], deliveries: 0 });
    web.clock.now = at;
    expect((await tick())?.deliveries).toBe(1);
    expect(woken).toBe(1);
    expect((await sender.drainOnce()).sent).toBe(1);

    const [received] = await citizen.nextReplies(1, 10_000);
    expect(received!.params.parse_mode).toBe("HTML");
    expect(received!.text).toBe(`<b>📢 Thông báo của Sở</b>\n\n${TEXT.replace("<quý IV>", "&lt;quý IV&gt;")}\n\n<i>Gõ /huy để ngừng nhận tin.</i>`);

    await page.goto(report.replace(/\?.*$/, ""));
    expect(await page.getByText("Đã xếp hàng gửi", { exact: true }).count()).toBe(1);
    expect(await page.locator("#count-sent").textContent()).toBe("1");
    expect(await page.locator("#count-pending").textContent()).toBe("0");
    expect(await page.locator("#count-failed").textContent()).toBe("0");
    await page.screenshot({ path: path.join(OUTPUT, "console-broadcast-report.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole("link", { name: "← Về danh sách thông báo" }).click();
    const row = page.getByRole("row", { name: /Thông báo lịch tiếp doanh nghiệp/ });
    expect(await row.textContent()).toContain("Đã xếp hàng gửi");
    await page.screenshot({ path: path.join(OUTPUT, "console-broadcasts.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

describe.skipIf(!haveChromium)("a broadcast sent now through the real service", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ct-console-broadcasts-"));
  const token = "4005:console-broadcasts-service-abcdef";
  const staff = 7401;
  let fake: FakeTelegram;
  let service: ServiceProcess;
  let browser: Browser;

  beforeAll(async () => {
    ({ fake, service } = await startConsoleService(path.join(dir, "bot.db"), token, staff));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.kill("SIGTERM");
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reaches a subscriber who signed up in the chat, and the /guitin announcement shows in the list too", async () => {
    const citizen = fake.user(token, { userId: 7402 });
    await citizen.say("/dangky");
    await citizen.nextReplies(1, 10_000);
    const { context, page } = await signInWithQuantri(browser, fake, token, staff);
    await page.goto(new URL("/console/broadcasts", page.url()).href);
    await page.getByLabel("Nội dung thông báo (bắt buộc)").fill("Mất điện khu vực trụ sở chiều nay");
    await page.getByRole("button", { name: "Gửi thông báo" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Đã xếp hàng gửi tới 1 người đăng ký.");
    const [received] = await citizen.nextReplies(1, 10_000);
    expect(received!.text).toContain("Mất điện khu vực trụ sở chiều nay");
    await expect
      .poll(async () => {
        await page.reload();
        return page.locator("#count-sent").textContent();
      })
      .toBe("1");
    expect(service.logs("console_broadcast_created")).toEqual([expect.objectContaining({ staff: `telegram:${staff}`, queued: 1 })]);
    expect(service.logs("broadcasts_queue_failed")).toEqual([]);

    // /guitin is a broadcast to everyone as well, through the same service.
    const member = fake.user(token, { userId: staff });
    await member.say("/guitin Họp giao ban sáng thứ Hai");
    await member.nextReplies(1, 10_000);
    await member.say("/guitin xacnhan");
    // The staff member subscribed to nothing: only the citizen gets it.
    expect((await citizen.nextReplies(1, 10_000))[0]!.text).toContain("Họp giao ban sáng thứ Hai");
    await page.goto(new URL("/console/broadcasts", page.url()).href);
    expect(await page.getByRole("row", { name: /Họp giao ban sáng thứ Hai/ }).textContent()).toContain(`telegram:${staff}`);
    await context.close();
  });
});

if (!haveChromium) {
  describe("the console's broadcasts in Chromium", () => {
    it.skip(NO_CHROMIUM, () => undefined);
  });
}
