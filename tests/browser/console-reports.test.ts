import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityProblems, haveChromium, launchChromium, NO_CHROMIUM, OUTPUT, signInWithQuantri, startConsoleService } from "../support/browser.ts";
import type { FakeTelegram } from "../support/fake-telegram.ts";
import type { ServiceProcess } from "../support/service-process.ts";

// The report pages in a real headless Chromium against the real service (src/index.ts wires the
// core's ingestion into the console): a staff member signs in through the fake Telegram, uploads a
// report file, sees its figures, hides one, and a citizen asking the bot no longer gets it. Both
// pages are checked with axe-core; screenshots go to test-output/.

const TOKEN = "4005:console-reports-token-abcdef";
const STAFF = 7201;
// Written for this test.
const REPORT = [
  "Tình hình xuất nhập khẩu của tỉnh năm 2025",
  "",
  "Kim ngạch xuất khẩu năm 2025 đạt 1.234,5 triệu USD, tăng 8,2% so với cùng kỳ.",
  "Kim ngạch nhập khẩu năm 2025 đạt 567,8 triệu USD.",
].join("\n");

describe.skipIf(!haveChromium)("the console's report pages in Chromium", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ct-console-reports-"));
  let fake: FakeTelegram;
  let service: ServiceProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ fake, service } = await startConsoleService(path.join(dir, "bot.db"), TOKEN, STAFF));
    browser = await launchChromium();
    ({ context, page } = await signInWithQuantri(browser, fake, TOKEN, STAFF));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await service?.kill("SIGTERM");
    await fake?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("uploads a report, shows its figures, hides one, and the bot stops answering it", async () => {
    const citizen = fake.user(TOKEN, { userId: 7202 });
    const ask = async (text: string) => {
      await citizen.say(text);
      return (await citizen.nextReplies(1, 10_000))[0]!.text ?? "";
    };

    await page.getByRole("navigation", { name: "Trang quản trị" }).getByRole("link", { name: "Báo cáo" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Báo cáo");
    await page.getByRole("link", { name: "Thêm báo cáo" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Thêm báo cáo");
    expect(await accessibilityProblems(page)).toEqual([]);

    // No file and no link: refused on the form.
    await page.getByRole("button", { name: "Lưu báo cáo" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Hãy chọn tệp báo cáo");
    expect(await page.getByLabel("Tệp báo cáo").getAttribute("aria-invalid")).toBe("true");
    expect(await accessibilityProblems(page)).toEqual([]);

    await page.getByLabel("Tệp báo cáo").setInputFiles({ name: "xuat-nhap-khau-2025.txt", mimeType: "text/plain", buffer: Buffer.from(REPORT, "utf8") });
    await page.getByRole("button", { name: "Lưu báo cáo" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Tình hình xuất nhập khẩu của tỉnh năm 2025");
    expect(await page.getByRole("status").textContent()).toContain("Đã lưu báo cáo.");
    expect(await page.getByRole("cell", { name: "1.234,5 triệu USD", exact: true }).count()).toBe(1);
    expect(await page.getByRole("cell", { name: "tăng 8,2% so với cùng kỳ", exact: true }).count()).toBe(1);
    expect(await page.getByRole("cell", { name: "567,8 triệu USD", exact: true }).count()).toBe(1);
    await page.screenshot({ path: path.join(OUTPUT, "console-report.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    expect(await ask("kim ngạch xuất khẩu năm 2025 bao nhiêu")).toContain("1.234,5 triệu USD");

    // Keyboard only: the first figure's "Ẩn" button.
    await page.getByRole("button", { name: "Ẩn số liệu 1" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Đã ẩn số liệu");
    expect(await page.getByRole("button", { name: "Hiện lại số liệu 1" }).count()).toBe(1);
    expect(await accessibilityProblems(page)).toEqual([]);

    const after = await ask("kim ngạch xuất khẩu năm 2025 bao nhiêu");
    expect(after).not.toContain("1.234,5");
    expect(await ask("kim ngạch nhập khẩu năm 2025")).toContain("567,8 triệu USD");
    expect(service.logs("console_figure_hidden")).toEqual([expect.objectContaining({ staff: `telegram:${STAFF}` })]);

    await page.getByRole("link", { name: "← Về danh sách báo cáo" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Báo cáo");
    const row = page.getByRole("row", { name: /Tình hình xuất nhập khẩu của tỉnh năm 2025/ });
    expect(await row.textContent()).toContain("ẩn 1");
    await page.screenshot({ path: path.join(OUTPUT, "console-reports.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

if (!haveChromium) {
  describe("the console's report pages in Chromium", () => {
    it.skip(NO_CHROMIUM, () => undefined);
  });
}
