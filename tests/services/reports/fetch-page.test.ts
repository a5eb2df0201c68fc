import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SafeFetch } from "../../../src/services/http/safe-fetch.ts";
import { DEFAULT_USER_AGENT, fetchPage as fetchAny, type FetchPageOptions } from "../../../src/services/reports/fetch-page.ts";
import { localFetch, startInternalHost, type InternalHost } from "../../support/local-fetch.ts";

const fetchPage = (url: string, options: FetchPageOptions = {}) => fetchAny(url, { safeFetch: localFetch, ...options });

let server: Server;
let base: string;
let internal: InternalHost;
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
    } else if (req.url === "/noi-bo") {
      res.writeHead(302, { location: `${internal.base}/admin` });
      res.end();
    } else if (req.url === "/tep") {
      res.writeHead(302, { location: "file:///etc/passwd" });
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
  internal = await startInternalHost();
});
afterAll(async () => {
  await internal.close();
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

  it("refuses anything but http and https", async () => {
    await expect(fetchPage("file:///etc/passwd")).rejects.toThrow(/http hoặc https/);
    await expect(fetchPage("ftp://sct.bentre.gov.vn/a.html")).rejects.toThrow(/http hoặc https/);
    await expect(fetchPage("không phải địa chỉ")).rejects.toThrow(/không hợp lệ/);
  });

  it("refuses a redirect to an internal address or to file:, and a loopback page by default", async () => {
    await expect(fetchPage(`${base}/noi-bo`)).rejects.toThrow(/127\.0\.0\.2 thuộc dải loopback/);
    expect(internal.requests).toEqual([]);
    await expect(fetchPage(`${base}/tep`)).rejects.toThrow(/http hoặc https/);
    await expect(fetchAny(`${base}/bai-viet`)).rejects.toThrow(/127\.0\.0\.1 thuộc dải loopback/);
  });

  it("decodes a page in the charset its headers declare", async () => {
    const latin: SafeFetch = async (url) => ({
      response: new Response(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), { headers: { "content-type": "text/html; charset=iso-8859-1" } }),
      url: String(url),
    });
    expect((await fetchPage("https://example.org/", { safeFetch: latin })).html).toBe("café");
  });
});
