import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_USER_AGENT, fetchPage } from "../../src/services/reports/fetch-page.ts";

let server: Server;
let base: string;
let lastUserAgent: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    lastUserAgent = req.headers["user-agent"];
    if (req.url === "/bai-viet") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<html><body><h1>Sở Công Thương</h1></body></html>");
    } else if (req.url === "/chuyen") {
      res.writeHead(302, { location: "/bai-viet" });
      res.end();
    } else if (req.url === "/cham") {
      setTimeout(() => res.end("muộn"), 2_000).unref();
    } else if (req.url === "/lon") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("x".repeat(4096));
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("fetchPage", () => {
  it("returns the page text, its final URL and content type, and names the bot in the User-Agent", async () => {
    const page = await fetchPage(`${base}/bai-viet`);
    expect(page).toEqual({
      html: "<html><body><h1>Sở Công Thương</h1></body></html>",
      finalUrl: `${base}/bai-viet`,
      contentType: "text/html; charset=utf-8",
    });
    expect(lastUserAgent).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toMatch(/CongThuongBot/);
  });

  it("follows redirects and reports where it ended up", async () => {
    expect((await fetchPage(`${base}/chuyen`, { userAgent: "TestBot/1" })).finalUrl).toBe(`${base}/bai-viet`);
    expect(lastUserAgent).toBe("TestBot/1");
  });

  it("fails with the HTTP status when the server answers 404", async () => {
    await expect(fetchPage(`${base}/khong-co`)).rejects.toThrow(/HTTP 404/);
  });

  it("gives up after the timeout", async () => {
    await expect(fetchPage(`${base}/cham`, { timeoutMs: 200 })).rejects.toThrow(/Quá thời gian chờ \(200 ms\)/);
  });

  it("refuses pages larger than the size cap", async () => {
    await expect(fetchPage(`${base}/lon`, { maxBytes: 1024 })).rejects.toThrow(/giới hạn/);
  });

  it("refuses anything but http and https without touching the network", async () => {
    let called = false;
    const spy = (async () => ((called = true), new Response(""))) as typeof fetch;
    await expect(fetchPage("file:///etc/passwd", { fetchImpl: spy })).rejects.toThrow(/http hoặc https/);
    await expect(fetchPage("ftp://sct.bentre.gov.vn/a.html", { fetchImpl: spy })).rejects.toThrow(/http hoặc https/);
    await expect(fetchPage("không phải địa chỉ", { fetchImpl: spy })).rejects.toThrow(/không hợp lệ/);
    expect(called).toBe(false);
  });

  it("decodes a page in the charset its headers declare", async () => {
    const latin = (async () =>
      new Response(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), { headers: { "content-type": "text/html; charset=iso-8859-1" } })) as typeof fetch;
    expect((await fetchPage("https://example.org/", { fetchImpl: latin })).html).toBe("café");
  });
});
