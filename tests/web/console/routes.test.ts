import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { issueLoginToken } from "../../../src/services/console/login-tokens.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";
import { type ConsoleHarness, cookieOf, csrfOf, startConsole } from "../../support/console.ts";

// The staff console's routes against a real SQLite file: sign-in by a one-time link, the session
// cookie, CSRF on POST, sign-out, and that nothing is shown without a session.

let temp: TempDb;
let web: ConsoleHarness;

beforeAll(async () => {
  temp = await createTempDb({ seed: false });
  // Something the overview would show, so "no data without a session" is a real check.
  await temp.db.subscriber.create({ data: { channel: "zalo", chatId: "z-1" } });
  web = await startConsole(temp.db);
});
afterAll(async () => {
  await web?.close();
  await temp?.cleanup();
});
beforeEach(() => {
  web.clock.now = new Date("2026-12-01T03:00:00Z");
});

const signIn = (staffId?: string) => web.signIn(staffId);

describe("without a session", () => {
  it("answers every console page with a plain 401 page that says how to sign in, and no data", async () => {
    for (const path of ["/console", "/console/", "/console/reports", "/console/anything?x=1"]) {
      const res = await web.get(path);
      expect(res.status, path).toBe(401);
      const html = await res.text();
      expect(html).toContain('<html lang="vi">');
      expect(html).toContain("Cần đăng nhập");
      expect(html).toContain("/quantri");
      expect(html).not.toContain("Tổng quan</h1>");
      expect(html).not.toContain("Zalo</th>");
      expect(html).not.toContain("_csrf");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("refuses a forged or stale cookie the same way", async () => {
    const res = await web.get("/console", "console_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect(res.status).toBe(401);
  });

  it("refuses a POST before looking at its form", async () => {
    expect((await web.post("/console/logout", { _csrf: "x" })).status).toBe(401);
  });
});

describe("signing in with a one-time link", () => {
  it("opens a session (303 to /console, HttpOnly cookie scoped to /console) and shows the overview", async () => {
    const token = await issueLoginToken(temp.db, "telegram:900", web.clock.now);
    const res = await web.get(`/console/login?token=${token}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console");
    const setCookie = res.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^console_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/; Path=\/console(;|$)/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Max-Age=28800/);
    expect(setCookie).not.toMatch(/Secure/);
    const page = await web.get("/console", cookieOf(res));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("<h1>Tổng quan</h1>");
    expect(html).toContain("Đăng nhập: telegram:900");
    expect(html).toContain("Zalo</th>");
  });

  it("stores only hashes of the token and of the session id", async () => {
    const token = await issueLoginToken(temp.db, "telegram:900", web.clock.now);
    const cookie = cookieOf(await web.get(`/console/login?token=${token}`));
    const sessionId = cookie.split("=")[1]!;
    const tokens = await temp.db.consoleLoginToken.findMany();
    const sessions = await temp.db.consoleSession.findMany();
    expect(JSON.stringify(tokens)).not.toContain(token);
    expect(JSON.stringify(sessions)).not.toContain(sessionId);
    expect(tokens.every((t) => /^[0-9a-f]{64}$/.test(t.tokenHash))).toBe(true);
  });

  it("works once: the second use gets a 410 page saying the link was used or expired, and no cookie", async () => {
    const token = await issueLoginToken(temp.db, "telegram:900", web.clock.now);
    expect((await web.get(`/console/login?token=${token}`)).status).toBe(303);
    const again = await web.get(`/console/login?token=${token}`);
    expect(again.status).toBe(410);
    expect(again.headers.get("set-cookie")).toBeNull();
    const html = await again.text();
    expect(html).toContain("Liên kết đã được dùng hoặc đã hết hạn");
    expect(html).toContain("/quantri");
  });

  it("refuses a link older than 10 minutes", async () => {
    const token = await issueLoginToken(temp.db, "telegram:900", web.clock.now);
    web.clock.now = new Date(web.clock.now.getTime() + 10 * 60_000 + 1);
    const res = await web.get(`/console/login?token=${token}`);
    expect(res.status).toBe(410);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("accepts a link just inside its 10 minutes", async () => {
    const token = await issueLoginToken(temp.db, "zalo:abc", web.clock.now);
    web.clock.now = new Date(web.clock.now.getTime() + 10 * 60_000 - 1000);
    expect((await web.get(`/console/login?token=${token}`)).status).toBe(303);
  });

  it("answers a missing or mangled token with 400, an unknown one with 410", async () => {
    expect((await web.get("/console/login")).status).toBe(400);
    expect((await web.get("/console/login?token=abc")).status).toBe(400);
    expect((await web.get(`/console/login?token=${"A".repeat(43)}`)).status).toBe(410);
  });

  it("refuses a link issued to someone no longer in STAFF_IDS", async () => {
    const token = await issueLoginToken(temp.db, "telegram:555", web.clock.now);
    expect((await web.get(`/console/login?token=${token}`)).status).toBe(410);
  });
});

describe("a session", () => {
  it("ends after 8 hours", async () => {
    const cookie = await signIn();
    web.clock.now = new Date(web.clock.now.getTime() + 8 * 3600_000 - 1000);
    expect((await web.get("/console", cookie)).status).toBe(200);
    web.clock.now = new Date(web.clock.now.getTime() + 2000);
    expect((await web.get("/console", cookie)).status).toBe(401);
  });

  it("ends at once when its owner leaves STAFF_IDS", async () => {
    const cookie = await signIn("zalo:abc");
    web.staffIds.delete("zalo:abc");
    try {
      expect((await web.get("/console", cookie)).status).toBe(401);
    } finally {
      web.staffIds.add("zalo:abc");
    }
  });

  it("answers an unknown console page with 404 once signed in", async () => {
    const cookie = await signIn();
    const res = await web.get("/console/no-such-page", cookie);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("Không tìm thấy trang");
  });
});

describe("CSRF", () => {
  it("refuses a POST without the session's token, or with a wrong one (403), and keeps the session", async () => {
    const cookie = await signIn();
    const html = await (await web.get("/console", cookie)).text();
    const csrf = csrfOf(html);
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const missing = await web.post("/console/logout", {}, cookie);
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain("Yêu cầu bị từ chối");
    expect((await web.post("/console/logout", { _csrf: `${csrf.slice(0, -1)}x` }, cookie)).status).toBe(403);
    expect((await web.post("/console/logout", { _csrf: "" }, cookie)).status).toBe(403);
    // Another session's token does not do either.
    const other = csrfOf(await (await web.get("/console", await signIn())).text());
    expect((await web.post("/console/logout", { _csrf: other }, cookie)).status).toBe(403);
    expect((await web.get("/console", cookie)).status).toBe(200);
  });
});

describe("signing out", () => {
  it("ends the session, clears the cookie, and the old cookie opens nothing", async () => {
    const cookie = await signIn();
    const csrf = csrfOf(await (await web.get("/console", cookie)).text());
    const res = await web.post("/console/logout", { _csrf: csrf }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/signed-out");
    expect(res.headers.get("set-cookie")).toMatch(/^console_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await web.get("/console", cookie)).status).toBe(401);
    const page = await web.get("/console/signed-out");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Đã đăng xuất");
  });
});

describe("headers", () => {
  it("sends security headers on console pages", async () => {
    const res = await web.get("/console");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it("serves the stylesheet without a session", async () => {
    const res = await web.get("/console/assets/console.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/css/);
  });
});

describe("behind https, under a path prefix", () => {
  it("marks the cookie Secure, scopes it to the prefixed path, redirects there and sends HSTS", async () => {
    const secure = await startConsole(temp.db, { publicUrl: "https://bot.sct.example.gov.vn/tro-ly" });
    try {
      const token = await issueLoginToken(temp.db, "telegram:900", secure.clock.now);
      const res = await secure.get(`/console/login?token=${token}`);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/tro-ly/console");
      expect(res.headers.get("set-cookie")).toMatch(/; Path=\/tro-ly\/console;.*; Secure/);
      expect(res.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
      expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    } finally {
      await secure.close();
    }
  });
});

describe("failed sign-in attempts", () => {
  it("are limited per address: past the limit, even a good link waits (429)", async () => {
    const limited = await startConsole(temp.db, { failedLoginsPerWindow: 3 });
    try {
      for (let i = 0; i < 3; i++) expect((await limited.get(`/console/login?token=${"B".repeat(43)}`)).status).toBe(410);
      const token = await issueLoginToken(temp.db, "telegram:900", limited.clock.now);
      const res = await limited.get(`/console/login?token=${token}`);
      expect(res.status).toBe(429);
      expect(await res.text()).toContain("quá nhiều lần");
    } finally {
      await limited.close();
    }
  });

  it("do not count successful sign-ins", async () => {
    const limited = await startConsole(temp.db, { failedLoginsPerWindow: 2 });
    try {
      for (let i = 0; i < 4; i++) {
        const token = await issueLoginToken(temp.db, "telegram:900", limited.clock.now);
        expect((await limited.get(`/console/login?token=${token}`)).status).toBe(303);
      }
    } finally {
      await limited.close();
    }
  });
});
