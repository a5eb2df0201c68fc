import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchPage } from "../../../src/services/reports/fetch-page.ts";
import { localFetch } from "../../support/local-fetch.ts";
import { ingestSource } from "../../../src/services/reports/ingest.ts";
import { fakeExtract, openTempDb, type TempDb } from "../../support/reports.ts";

const fixture = new URL("../../fixtures/pages/sct-bentre-article.html", import.meta.url);
const readFixture = () => readFileSync(fixture, "utf8");
const sample = new URL("../../../data/reports/2023-10-ket-qua-3-nam-dong-khoi-moi.txt", import.meta.url);
let t: TempDb;
let server: Server;
let base: string;
const deps = { extract: fakeExtract, fetchPage: (url: string) => fetchPage(url, { timeoutMs: 5_000, safeFetch: localFetch }) };

beforeAll(async () => {
  t = await openTempDb();
  server = createServer((req, res) => {
    if (req.url === "/tin-tuc/6-thang-2024") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(readFixture());
    } else if (req.url === "/bao-cao.pdf") {
      res.writeHead(200, { "content-type": "application/pdf" });
      res.end("%PDF-1.4");
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

describe("ingestSource", () => {
  it("ingests a saved .html page under its file name", async () => {
    const file = path.join(t.dir, "bai-viet.html");
    copyFileSync(fixture, file);
    const result = await ingestSource(t.db, file, deps);
    expect(result.status).toBe("created");
    expect(result.report.url).toBe("file:bai-viet.html");
    expect(result.parsed.title).toBe("Sản xuất công nghiệp và thương mại 6 tháng đầu năm 2024 tiếp tục tăng trưởng");
    expect(result.figures.map((f) => f.raw)).toContain("42.518 tỷ đồng");
    expect((await ingestSource(t.db, file, deps)).status).toBe("unchanged");
  });

  it("ingests the sample report from a .txt file", async () => {
    const file = path.join(t.dir, "2023-10-ket-qua-3-nam-dong-khoi-moi.txt");
    copyFileSync(sample, file);
    const result = await ingestSource(t.db, file, deps);
    expect(result.report).toMatchObject({ url: "file:2023-10-ket-qua-3-nam-dong-khoi-moi.txt", source: "VP Sở CT" });
    expect(result.report.title).toMatch(/^Ngành Công Thương Bến Tre sau 03 năm thực hiện Chỉ thị số 01-CT\/TU/);
    expect(result.report.body.startsWith("Chỉ thị số 01-CT/TU của Ban Thường vụ Tỉnh ủy")).toBe(true);
  });

  it("ingests a page from a URL, identified by that URL", async () => {
    const result = await ingestSource(t.db, `${base}/tin-tuc/6-thang-2024`, deps);
    expect(result.status).toBe("created");
    expect(result.report.url).toBe(`${base}/tin-tuc/6-thang-2024`);
    expect(result.report.publishedAt?.toISOString()).toBe("2024-07-11T17:00:00.000Z");
    expect(result.figures.length).toBeGreaterThan(0);
  });

  it("reports unusable sources with a clear message", async () => {
    await expect(ingestSource(t.db, `${base}/khong-co`, deps)).rejects.toThrow(/HTTP 404/);
    await expect(ingestSource(t.db, `${base}/bao-cao.pdf`, deps)).rejects.toThrow(/application\/pdf/);
    await expect(ingestSource(t.db, path.join(t.dir, "khong-co.txt"), deps)).rejects.toThrow(/Không tìm thấy tệp/);
    const docx = path.join(t.dir, "bao-cao.docx");
    writeFileSync(docx, "x");
    await expect(ingestSource(t.db, docx, deps)).rejects.toThrow(/\.html, \.htm hoặc \.txt/);
    await expect(ingestSource(t.db, "ftp://sct.bentre.gov.vn/a.html", deps)).rejects.toThrow(/http hoặc https/);
    const empty = path.join(t.dir, "rong.txt");
    writeFileSync(empty, "Chỉ có tiêu đề\n");
    await expect(ingestSource(t.db, empty, deps)).rejects.toThrow(/Không tìm thấy nội dung/);
  });
});
