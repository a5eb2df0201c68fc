// Takes the README's screenshots of the staff console and the web chat: the real service on a
// fresh database with the sample data, Telegram on the fake, a staff member signed in by /quantri,
// Debian's Chromium. Small JPEGs, so that the repository stays light.
//   npm run screenshots [-- page ...]      (default: the two the README shows)
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchChromium, signInWithQuantri, startConsoleService } from "../tests/support/browser.ts";

const TOKEN = "4999:screenshots-token-abcdef";
const STAFF = 7999;
const OUT = path.resolve("docs/screenshots");

/** Name → path on the service; "/console…" pages need the staff session. */
const PAGES: Record<string, string> = {
  overview: "/console",
  reports: "/console/reports",
  report: "/console/reports/1",
  figures: "/console/figures?indicator=export_turnover",
  broadcasts: "/console/broadcasts",
  directory: "/console/directory",
  questions: "/console/questions",
  chat: "/chat",
};

const README_PAGES = ["overview", "report"];
const wanted = process.argv.slice(2).length > 0 ? process.argv.slice(2) : README_PAGES;
const dir = mkdtempSync(path.join(tmpdir(), "ct-screenshots-"));
const { fake, service } = await startConsoleService(path.join(dir, "bot.db"), TOKEN, STAFF);
const browser = await launchChromium();
try {
  // A few questions first, so that the overview has something to show.
  const citizen = fake.user(TOKEN, { userId: 7998 });
  for (const text of ["/dangky", "sdt so cong thuong", "kim ngạch xuất khẩu 2023", "giá vàng hôm nay"]) {
    await citizen.say(text);
    await citizen.nextReplies(1, 10_000);
  }
  const { context, page } = await signInWithQuantri(browser, fake, TOKEN, STAFF, { viewport: { width: 1100, height: 760 }, deviceScaleFactor: 1 });
  const origin = new URL(page.url()).origin;
  for (const name of wanted) {
    const response = await page.goto(`${origin}${PAGES[name] ?? name}`);
    const file = path.join(OUT, `${name}.jpg`);
    await page.screenshot({ path: file, type: "jpeg", quality: 72 });
    console.log(`${name}: ${response?.status()} → ${path.relative(process.cwd(), file)} (${Math.round(statSync(file).size / 1024)} KB)`);
  }
  await context.close();
} finally {
  await browser.close();
  await service.kill("SIGTERM");
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
}
