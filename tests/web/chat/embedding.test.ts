import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";
import { startWebChat, type WebChatHarness } from "../../support/web-chat.ts";

// What lets the department embed the chat, and what keeps it from being abused: the security
// headers (frame-ancestors from CHAT_EMBED_ORIGINS), the widget script, and the per-address limit.

let temp: TempDb;
let open: WebChatHarness;
let listed: WebChatHarness;

beforeAll(async () => {
  temp = await createTempDb();
  open = await startWebChat(temp.db, { embedOrigins: ["*"], perMinute: 3 });
  listed = await startWebChat(temp.db, { embedOrigins: ["https://sct.bentre.gov.vn", "https://*.bentre.gov.vn"], perMinute: 0 });
});
afterAll(async () => {
  await open?.close();
  await listed?.close();
  await temp?.cleanup();
});

const csp = (res: Response) =>
  Object.fromEntries(
    (res.headers.get("content-security-policy") ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(" ")]),
  );

describe("security headers", () => {
  it("allow only this origin's scripts and styles, and framing by the origins in CHAT_EMBED_ORIGINS", async () => {
    const res = await listed.get("/chat?embed=1");
    const policy = csp(res);
    expect(policy["frame-ancestors"]).toBe("https://sct.bentre.gov.vn https://*.bentre.gov.vn");
    expect(policy["script-src"]).toBe("'self'");
    expect(policy["style-src"]).toBe("'self'");
    expect(policy["default-src"]).toBe("'self'");
    expect(policy["form-action"]).toBe("'self'");
    // X-Frame-Options cannot name other sites, so it is left out: frame-ancestors decides.
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    // Plain http here: no HSTS (it would break a local test).
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });

  it('allow any site to frame the chat by default ("*")', async () => {
    expect(csp(await open.get("/chat"))["frame-ancestors"]).toBe("*");
  });

  it("stay as strict as before for the staff console (no framing at all)", async () => {
    const { securityHeaders } = await import("../../../src/web/security-headers.ts");
    const headers = new Map<string, string>();
    const res = { setHeader: (k: string, v: string) => headers.set(k.toLowerCase(), v), removeHeader: () => undefined };
    await new Promise<void>((resolve) => securityHeaders({ https: false })({} as never, res as never, () => resolve()));
    expect(headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });
});

describe("widget.js", () => {
  it("is served as JavaScript that other sites may load, cached for an hour", async () => {
    const res = await listed.get("/chat/widget.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    const js = await res.text();
    // The chat's address comes from the script's own src, not from the page that includes it.
    expect(js).toContain("document.currentScript");
    expect(js).toContain('new URL("./?embed=1", script.src)');
    expect(js).not.toContain("127.0.0.1");
  });
});

describe("rate limit per client address (CHAT_PER_MINUTE)", () => {
  it("answers 429 with a Vietnamese message once the limit is used, on the JSON endpoint and the form alike", async () => {
    for (let i = 0; i < 3; i++) expect((await open.postJson("/chat/api", { text: "xin chào" })).status).toBe(200);
    const limited = await open.postJson("/chat/api", { text: "xin chào" });
    expect(limited.status).toBe(429);
    expect((await limited.json()).error).toBe("Bạn gửi câu hỏi nhanh quá. Vui lòng đợi một phút rồi hỏi tiếp nhé.");
    expect(limited.headers.get("ratelimit-policy")).toContain("q=3; w=60");
    const form = await open.postForm("/chat", { text: "sdt so cong thuong" });
    expect(form.status).toBe(429);
    const html = await form.text();
    expect(html).toContain("Bạn gửi câu hỏi nhanh quá.");
    // What was typed stays in the box, to send again later.
    expect(html).toContain('value="sdt so cong thuong"');
    // The page itself is not limited.
    expect((await open.get("/chat")).status).toBe(200);
    expect(open.logs.filter((l) => l.event === "web_limited")).toHaveLength(2);
    expect(open.logs.filter((l) => l.event === "web_answered")).toHaveLength(3);
  });

  it("counts each client behind a trusted proxy (TRUST_PROXY) separately, and only then", async () => {
    const from = (chat: WebChatHarness, ip: string) => chat.postJson("/chat/api", { text: "xin chào" }, { "x-forwarded-for": ip });
    const proxied = await startWebChat(temp.db, { perMinute: 1, trustProxy: 1 });
    const direct = await startWebChat(temp.db, { perMinute: 1 });
    try {
      expect((await from(proxied, "203.0.113.1")).status).toBe(200);
      expect((await from(proxied, "203.0.113.2")).status).toBe(200);
      expect((await from(proxied, "203.0.113.1")).status).toBe(429);
      // Not trusted: the header is ignored, so a client cannot pick a fresh address for each question.
      expect((await from(direct, "198.51.100.1")).status).toBe(200);
      expect((await from(direct, "198.51.100.2")).status).toBe(429);
      expect(direct.logs.filter((l) => l.event === "web_proxy_untrusted")).toHaveLength(1);
      expect(proxied.logs.filter((l) => l.event === "web_proxy_untrusted")).toHaveLength(0);
    } finally {
      await proxied.close();
      await direct.close();
    }
  });

  it("is off with 0", async () => {
    for (let i = 0; i < 25; i++) expect((await listed.postJson("/chat/api", { text: "cảm ơn" })).status).toBe(200);
  });
});
