import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityProblems, haveChromium, launchChromium, NO_CHROMIUM, OUTPUT, signInWithQuantri, startConsoleService } from "../support/browser.ts";
import type { FakeTelegram } from "../support/fake-telegram.ts";
import type { ServiceProcess } from "../support/service-process.ts";

// The console's directory, subscriber and figures pages in a real headless Chromium against the real
// service: a staff member signs in through the fake Telegram, changes the department's phone number
// in the form, and a citizen asking the bot gets the new number at once, without a restart. Every
// page is checked with axe-core; screenshots go to test-output/.

const TOKEN = "4003:console-pages-token-abcdef";
const STAFF = 7101;

describe.skipIf(!haveChromium)("the console's directory and subscriber pages in Chromium", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ct-console-pages-"));
  let fake: FakeTelegram;
  let service: ServiceProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ fake, service } = await startConsoleService(path.join(dir, "bot.db"), TOKEN, STAFF));
    browser = await launchChromium();
    // A subscriber for the subscriber page.
    const citizen = fake.user(TOKEN, { userId: 7103 });
    await citizen.say("/dangky");
    await citizen.nextReplies(1, 10_000);
    ({ context, page } = await signInWithQuantri(browser, fake, TOKEN, STAFF, { acceptDownloads: true }));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    // SIGTERM: the service stops its long poll before the fake Telegram goes away.
    await service?.kill("SIGTERM");
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("edits the department's phone number, refusing a cut-off one first, and the bot answers the new number at once", async () => {
    const citizen = fake.user(TOKEN, { userId: 7104 });
    await citizen.say("sdt so cong thuong");
    // The answer, then a contact card per number.
    const before = await citizen.nextReplies(3, 10_000);
    expect(before[0]!.text).toContain("0275 3822 365");
    expect(before.slice(1).map((r) => r.contact?.phone_number)).toEqual(["+842753822365", "+842753822251"]);

    await page.getByRole("navigation", { name: "Trang quản trị" }).getByRole("link", { name: "Danh bạ" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Danh bạ đơn vị");
    expect(await page.getByRole("link", { name: "Danh bạ" }).getAttribute("aria-current")).toBe("page");
    await page.screenshot({ path: path.join(OUTPUT, "console-directory.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByRole("link", { name: "Sửa thông tin Sở Công Thương tỉnh Bến Tre" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Sửa thông tin: Sở Công Thương tỉnh Bến Tre");
    expect(await accessibilityProblems(page)).toEqual([]);
    const phones = page.getByLabel("Số điện thoại");
    expect(await phones.inputValue()).toBe("0275 3822 365\n0275 3822 251");

    // A number cut off from its area code is refused next to the field; what was typed stays.
    await phones.fill("0275 3999 888\n3999 889");
    await page.getByRole("button", { name: "Lưu thay đổi" }).click();
    await expect.poll(() => page.locator("#phones-error").textContent()).toContain("không phải số đầy đủ");
    expect(await page.getByLabel("Số điện thoại").inputValue()).toBe("0275 3999 888\n3999 889");
    expect(await page.getByLabel("Số điện thoại").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByRole("alert").textContent()).toContain("Chưa lưu được");
    await page.screenshot({ path: path.join(OUTPUT, "console-directory-error.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    // Keyboard only: the error summary's link leads to the field.
    await page.getByRole("alert").getByRole("link").first().focus();
    await page.keyboard.press("Enter");
    await page.getByLabel("Số điện thoại").fill("0275 3999 888");
    await page.getByRole("button", { name: "Lưu thay đổi" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Đã lưu thông tin của Sở Công Thương tỉnh Bến Tre");
    expect(new URL(page.url()).pathname).toBe("/console/directory");

    await citizen.say("sdt so cong thuong");
    const after = await citizen.nextReplies(2, 10_000);
    expect(after[0]!.text).toContain("0275 3999 888");
    expect(after[0]!.text).not.toContain("3822 365");
    expect(after[1]!.contact?.phone_number).toBe("+842753999888");
    expect(service.logs("console_directory_saved")).toEqual([expect.objectContaining({ staff: `telegram:${STAFF}`, unit: "so-cong-thuong-ben-tre", changed: ["phones"] })]);
  });

  it("lists the subscribers with masked chat ids, filters them, and exports the CSV", async () => {
    await page.getByRole("navigation", { name: "Trang quản trị" }).getByRole("link", { name: "Người đăng ký" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Người đăng ký nhận tin");
    const row = page.getByRole("row", { name: /Telegram/ });
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain("***03");
    await page.screenshot({ path: path.join(OUTPUT, "console-subscribers.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByLabel("Trạng thái").selectOption("inactive");
    await page.getByRole("button", { name: "Lọc" }).click();
    await expect.poll(() => page.getByText("Không có người đăng ký nào khớp bộ lọc.").count()).toBe(1);
    expect(new URL(page.url()).search).toBe("?channel=&status=inactive&topic=");
    await page.getByRole("link", { name: "Bỏ lọc" }).click();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Tải về tệp CSV/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^nguoi-dang-ky-\d{4}-\d\d-\d\d\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).split("\r\n");
    expect(lines[0]).toMatch(/^Kênh,Mã cuộc trò chuyện/);
    expect(lines[1]).toMatch(/^Telegram,\*\*\*03,Mọi chủ đề,Ngay khi có tin,Đang nhận,/);
  });

  it("shows an indicator's figures as a chart with its table beside it, picked with the keyboard", async () => {
    await page.getByRole("navigation", { name: "Trang quản trị" }).getByRole("link", { name: "Số liệu" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Số liệu");
    await page.getByLabel("Chỉ tiêu", { exact: true }).focus();
    await page.getByLabel("Chỉ tiêu", { exact: true }).selectOption("export_turnover");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Số liệu: Kim ngạch xuất khẩu");
    // The chart is an image with a name; the table is its accessible equivalent, every figure with its report.
    const chart = page.getByRole("img", { name: /Kim ngạch xuất khẩu/ });
    expect(await chart.count()).toBe(1);
    const table = page.getByRole("table", { name: /Kim ngạch xuất khẩu: \d+ số liệu/ });
    expect(await table.getByRole("row").count()).toBeGreaterThan(1);
    expect(await table.textContent()).toContain("triệu USD");
    await page.screenshot({ path: path.join(OUTPUT, "console-figures.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

if (!haveChromium) {
  describe("the console's directory and subscriber pages in Chromium", () => {
    it.skip(NO_CHROMIUM, () => undefined);
  });
}
