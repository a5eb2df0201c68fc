import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeServer } from "../../src/server.ts";
import { accessibilityProblems, haveChromium, launchChromium, OUTPUT } from "../support/browser.ts";
import { closedPort } from "../support/local-fetch.ts";
import { type ServiceProcess, startService } from "../support/service-process.ts";

// The public web chat in a real headless Chromium against the real service (no channel on): a
// citizen asks for the department's phone number on /chat, with and without JavaScript, and gets
// tel: links; then a page of another local origin (the department's site, with a strict CSP of
// its own) embeds the widget with one script tag, opens it, asks, and gets the same answer. A page
// of an origin not in CHAT_EMBED_ORIGINS cannot show the chat. axe-core checks both layouts;
// screenshots go to test-output/.

/** A one-page site on its own port: its page holds only the widget's script tag. */
async function startSite(chatOrigin: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    // The department's own policy: scripts and frames only from the chat's origin, no inline anything.
    res.setHeader("content-security-policy", `default-src 'none'; script-src ${chatOrigin}; frame-src ${chatOrigin}`);
    res.end(
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Sở Công Thương tỉnh Bến Tre</title></head><body><main><h1>Cổng thông tin Sở Công Thương</h1><p>Tin tức, văn bản, thủ tục.</p></main><script src="${chatOrigin}/chat/widget.js" defer></script></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe.skipIf(!haveChromium)("the web chat in Chromium", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ct-web-chat-"));
  let service: ServiceProcess;
  let chatOrigin: string;
  let site: { origin: string; server: Server };
  let stranger: { origin: string; server: Server };
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    const port = await closedPort();
    chatOrigin = `http://127.0.0.1:${port}`;
    site = await startSite(chatOrigin);
    stranger = await startSite(chatOrigin);
    service = startService({ DATABASE_URL: `file:${path.join(dir, "bot.db")}`, PORT: String(port), PUBLIC_URL: chatOrigin, CHAT_EMBED_ORIGINS: site.origin });
    await service.waitForLog("http_started", { timeoutMs: 60_000 });
    browser = await launchChromium();
    context = await browser.newContext({ locale: "vi-VN" });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await service?.kill("SIGTERM");
    if (site) await closeServer(site.server);
    if (stranger) await closeServer(stranger.server);
    rmSync(dir, { recursive: true, force: true });
  });

  async function askOn(page: Page, question: string): Promise<void> {
    const input = page.getByLabel("Câu hỏi của bạn");
    await input.fill(question);
    await input.press("Enter");
  }

  it("answers the department's phone number on /chat with tel: links, by keyboard, and passes axe", async () => {
    const page = await context.newPage();
    await page.goto(`${chatOrigin}/chat`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Trợ lý Sở Công Thương");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(OUTPUT, "web-chat.png"), fullPage: true });

    // Keyboard only: the skip link leads to the box.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("chat-text");
    await page.evaluate(() => Object.assign(window, { beforeAsking: true }));
    await askOn(page, "số điện thoại sở công thương");
    const log = page.getByRole("log", { name: "Cuộc trò chuyện" });
    await expect.poll(() => log.getByRole("link", { name: "0275 3822 365", exact: true }).count(), { timeout: 10_000 }).toBe(1);
    expect(await log.getByRole("link", { name: "0275 3822 365", exact: true }).getAttribute("href")).toBe("tel:+842753822365");
    expect(await log.getByRole("link", { name: /^Gọi .*: 0275 3822 251$/ }).getAttribute("href")).toBe("tel:+842753822251");
    // The page did not reload (what the page held before is still there), the box is empty and focused.
    expect(await page.evaluate(() => (window as unknown as { beforeAsking?: boolean }).beforeAsking)).toBe(true);
    expect(await page.getByLabel("Câu hỏi của bạn").inputValue()).toBe("");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("chat-text");

    // A quick reply is a button that asks its question.
    const before = await log.locator(".msg.bot").count();
    await log.locator(".msg.bot").last().getByRole("button").first().click();
    await expect.poll(() => log.locator(".msg.bot").count(), { timeout: 10_000 }).toBe(before + 1);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(OUTPUT, "web-chat-answered.png"), fullPage: true });

    // On a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(OUTPUT, "web-chat-phone.png"), fullPage: true });
    await page.close();
  });

  it("works without JavaScript: the form posts and the page comes back with the answer", async () => {
    const noScript = await browser.newContext({ locale: "vi-VN", javaScriptEnabled: false });
    const page = await noScript.newPage();
    await page.goto(`${chatOrigin}/chat`);
    await askOn(page, "so dien thoai so cong thuong");
    await page.waitForURL(`${chatOrigin}/chat#latest`);
    const answer = page.locator("#latest");
    expect(await answer.getByRole("link", { name: "0275 3822 365", exact: true }).getAttribute("href")).toBe("tel:+842753822365");
    expect(await page.locator(".msg.user .text").textContent()).toBe("so dien thoai so cong thuong");
    // A quick reply posts too.
    await answer.getByRole("button").first().click();
    await page.waitForLoadState();
    expect(await page.locator(".msg.user .text").count()).toBe(1);
    // (axe-core is a script: it runs on the same page with JavaScript on, in the test above.)
    await page.screenshot({ path: path.join(OUTPUT, "web-chat-no-js.png"), fullPage: true });
    await noScript.close();
  });

  it("opens from the widget on the department's site, answers there, and closes with Escape", async () => {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await page.goto(`${site.origin}/`);
    const toggle = page.getByRole("button", { name: "Hỏi đáp với Sở Công Thương", exact: true });
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    const frame = page.frameLocator('iframe[title="Trợ lý Sở Công Thương"]');
    await askOn(frame as unknown as Page, "số điện thoại sở công thương");
    await expect.poll(() => frame.getByRole("link", { name: "0275 3822 365", exact: true }).count(), { timeout: 10_000 }).toBe(1);
    expect(await frame.getByRole("link", { name: "0275 3822 365", exact: true }).getAttribute("href")).toBe("tel:+842753822365");
    expect(await frame.locator("body").getAttribute("class")).toBe("embed");
    await page.screenshot({ path: path.join(OUTPUT, "web-chat-widget.png") });
    // The button and panel the widget adds to the host page pass axe too.
    expect(await accessibilityProblems(page)).toEqual([]);

    // Escape inside the frame closes the widget and gives focus back to its button.
    await frame.getByLabel("Câu hỏi của bạn").press("Escape");
    await expect.poll(() => toggle.getAttribute("aria-expanded")).toBe("false");
    expect(await page.locator("#sct-chat-panel").isHidden()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-controls"))).toBe("sct-chat-panel");
    // The host page's strict CSP was kept: nothing the widget did was refused.
    expect(problems).toEqual([]);

    // The compact layout on its own passes axe too.
    await page.goto(`${chatOrigin}/chat?embed=1`);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.close();
  });

  it("cannot be shown in a frame by a site not in CHAT_EMBED_ORIGINS", async () => {
    const page = await context.newPage();
    const refused = new Promise<string>((resolve) => page.on("console", (m) => m.text().includes("frame-ancestors") && resolve(m.text())));
    await page.goto(`${stranger.origin}/`);
    await page.getByRole("button", { name: "Hỏi đáp với Sở Công Thương", exact: true }).click();
    expect(await refused).toContain("frame-ancestors");
    expect(await page.frameLocator('iframe[title="Trợ lý Sở Công Thương"]').getByLabel("Câu hỏi của bạn").count()).toBe(0);
    await page.close();
  });
});
