import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityProblems, haveChromium, launchChromium, NO_CHROMIUM, OUTPUT, signInWithQuantri, startConsoleService } from "../support/browser.ts";
import type { FakeTelegram } from "../support/fake-telegram.ts";
import type { ServiceProcess } from "../support/service-process.ts";

// The unanswered-questions page in a real headless Chromium against the real service: a citizen asks
// the bot (through the fake Telegram) something it does not understand, a staff member signs in,
// finds the question's group, adds its words to an intent, and the citizen asking again gets an
// answer, without a restart. axe-core checks the page; screenshots go to test-output/.

const TOKEN = "4005:console-questions-token-abcdef";
const STAFF = 7201;
const OUT_OF_SCOPE = "nằm ngoài những gì tôi trả lời được";

describe.skipIf(!haveChromium)("the console's unanswered-questions page in Chromium", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ct-console-questions-"));
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

  it("shows what citizens asked in vain; staff add its words to an intent and the bot answers it at once", async () => {
    const citizen = fake.user(TOKEN, { userId: 7202 });
    const other = fake.user(TOKEN, { userId: 7203 });
    await citizen.say("Lịch tiếp công dân của lãnh đạo?");
    expect((await citizen.nextReplies(1, 10_000))[0]!.text).toContain(OUT_OF_SCOPE);
    await other.say("lich tiep cong dan cua lanh dao");
    expect((await other.nextReplies(1, 10_000))[0]!.text).toContain(OUT_OF_SCOPE);

    await page.getByRole("navigation", { name: "Trang quản trị" }).getByRole("link", { name: "Câu hỏi chưa trả lời" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Câu hỏi chưa trả lời");
    const group = page.getByRole("listitem").filter({ has: page.getByRole("heading", { level: 2, name: "“Lịch tiếp công dân của lãnh đạo?”" }) });
    // A question is stored beside its reply, not before it: the page is read again until both are in.
    await expect
      .poll(async () => {
        await page.reload();
        return (await group.count()) > 0 ? group.getByText("Số lần hỏi").locator("..").textContent() : "";
      })
      .toContain("2");
    expect(await group.textContent()).toContain("“lich tiep cong dan cua lanh dao”");
    // The words offered for editing: the question written with diacritics, without its question mark.
    expect(await group.getByLabel("Cụm từ").inputValue()).toBe("Lịch tiếp công dân của lãnh đạo");
    await page.screenshot({ path: path.join(OUTPUT, "console-questions.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    // Too general a phrase is refused next to its field, then the staff member keeps only the topic.
    await group.getByLabel("Loại câu hỏi").selectOption({ label: "Hỏi thông tin liên hệ" });
    await group.getByLabel("Cụm từ").fill("của");
    await group.getByRole("button", { name: "Thêm vào loại câu hỏi" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("quá chung");
    expect(await page.locator("#intent-phrase-0").getAttribute("aria-invalid")).toBe("true");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.locator("#intent-phrase-0").fill("lịch tiếp công dân");
    await page.locator("#intent-0").selectOption({ label: "Hỏi thông tin liên hệ" });
    await page.locator("#intent-phrase-0").press("Enter");
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Đã thêm cụm từ vào quy tắc từ khóa");
    expect(await page.getByText("Không có câu hỏi nào chưa xử lý.").count()).toBe(1);
    await page.screenshot({ path: path.join(OUTPUT, "console-questions-saved.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);

    await citizen.say("Lịch tiếp công dân của lãnh đạo?");
    const [answer] = await citizen.nextReplies(1, 10_000);
    expect(answer!.text).not.toContain(OUT_OF_SCOPE);
    expect(answer!.text).toContain("Sở Công Thương tỉnh Bến Tre");
    expect(service.logs("console_questions_taught")).toEqual([expect.objectContaining({ staff: `telegram:${STAFF}`, form: "intent", target: "contact_all" })]);

    await page.getByRole("link", { name: "Đã xử lý" }).click();
    await expect.poll(() => page.getByText("Thêm vào quy tắc: Hỏi thông tin liên hệ").count()).toBe(1);
    await page.screenshot({ path: path.join(OUTPUT, "console-questions-done.png"), fullPage: true });
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

if (!haveChromium) {
  describe("the console's unanswered-questions page in Chromium", () => {
    it.skip(NO_CHROMIUM, () => undefined);
  });
}
