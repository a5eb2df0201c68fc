import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityProblems, haveChromium, LOGIN_LINK, launchChromium, NO_CHROMIUM, OUTPUT, startConsoleService } from "../support/browser.ts";
import type { FakeTelegram } from "../support/fake-telegram.ts";
import type { ServiceProcess } from "../support/service-process.ts";

// The staff console in a real headless Chromium against the real service: a staff member asks the
// bot for a link through the fake Telegram, opens it, sees the overview, and the link is then dead.
// Chromium is Debian's package (Playwright's own browser download does not work offline).

const TOKEN = "4002:console-browser-token-abcdef";
const STAFF = 7001;

describe.skipIf(!haveChromium)("the staff console in Chromium", { timeout: 90_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ct-console-browser-"));
  let fake: FakeTelegram;
  let service: ServiceProcess;
  let browser: Browser;
  let link: string;

  beforeAll(async () => {
    ({ fake, service } = await startConsoleService(path.join(dir, "bot.db"), TOKEN, STAFF));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.kill();
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives a non-staff user no link", async () => {
    const outsider = fake.user(TOKEN, { userId: 7002 });
    await outsider.say("/quantri");
    const [reply] = await outsider.nextReplies(1, 10_000);
    expect(reply!.text).toContain("chỉ dành cho cán bộ");
    expect(reply!.text).not.toContain("/console/login");
  });

  it("signs a staff member in by the link from /quantri and shows the overview, accessibly", async () => {
    // Something for the overview to count: a subscriber and two questions, one out of scope.
    const citizen = fake.user(TOKEN, { userId: 7003 });
    for (const text of ["/dangky", "sdt so cong thuong", "hôm nay trời đẹp không"]) {
      await citizen.say(text);
      await citizen.nextReplies(1, 10_000);
    }
    const staff = fake.user(TOKEN, { userId: STAFF });
    await staff.say("/quantri");
    const [reply] = await staff.nextReplies(1, 10_000);
    link = LOGIN_LINK.exec(reply!.text ?? "")![1]!;

    const context = await browser.newContext({ locale: "vi-VN" });
    const page = await context.newPage();
    const response = await page.goto(link);
    expect(response!.status()).toBe(200);
    // The 303 took the token out of the address bar.
    expect(new URL(page.url()).pathname).toBe("/console");
    expect(page.url()).not.toContain("token");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Tổng quan");
    expect(
      await page
        .getByRole("row", { name: /Telegram/ })
        .first()
        .textContent(),
    ).toMatch(/1/);
    expect(await page.getByText("Ngoài phạm vi").count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(OUTPUT, "console-overview.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(OUTPUT, "console-overview-mobile.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    const cookies = await context.cookies();
    expect(cookies).toEqual([expect.objectContaining({ name: "console_session", path: "/console", httpOnly: true, sameSite: "Lax", secure: false })]);

    // Signing out ends the session: the console asks to sign in again.
    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Đã đăng xuất");
    const again = await page.goto(new URL("/console", link).href);
    expect(again!.status()).toBe(401);
    await context.close();
  });

  it("does not sign anyone in with the same link twice", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(link);
    expect(response!.status()).toBe(410);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Liên kết đã được dùng hoặc đã hết hạn");
    await page.screenshot({ path: path.join(OUTPUT, "console-link-used.png"), fullPage: true });
    expect(await context.cookies()).toEqual([]);
    const overview = await page.goto(new URL("/console", link).href);
    expect(overview!.status()).toBe(401);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Cần đăng nhập");
    expect(await accessibilityProblems(page)).toEqual([]);
    await context.close();
  });

  it("never writes the sign-in token into its logs", () => {
    const token = new URL(link).searchParams.get("token")!;
    expect(service.output()).not.toContain(token);
    expect(service.logs("console_login")).toEqual([expect.objectContaining({ staff: `telegram:${STAFF}` })]);
    expect(service.logs("console_login_refused")).toEqual([expect.objectContaining({ reason: "used, expired or unknown" })]);
  });
});

// Only a missing browser skips these tests, and says so; any other failure to start fails them.
if (!haveChromium) {
  describe("the staff console in Chromium", () => {
    it.skip(NO_CHROMIUM, () => undefined);
  });
}
