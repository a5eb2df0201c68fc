import { copyFileSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchPage } from "../../../src/services/reports/fetch-page.ts";
import { localFetch } from "../../support/local-fetch.ts";
import { ingestBytes, ingestSource } from "../../../src/services/reports/ingest.ts";
import { fakeExtract, openTempDb, type TempDb } from "../../support/reports.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/reports/${name}`, import.meta.url));
const TITLE = "Báo cáo kết quả hoạt động ngành Công Thương tháng 2 năm 2025";
let t: TempDb;
let server: Server;
let base: string;
const deps = { extract: fakeExtract, fetchPage: (url: string) => fetchPage(url, { timeoutMs: 5_000, safeFetch: localFetch }) };

beforeAll(async () => {
  t = await openTempDb();
  server = createServer((req, res) => {
    if (req.url === "/van-ban/bao-cao-thang-2.pdf") {
      res.writeHead(200, { "content-type": "application/pdf" });
      res.end(fixture("cong-van-bao-cao.pdf"));
    } else if (req.url === "/tai-ve?id=7") {
      res.writeHead(200, { "content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
      res.end(fixture("cong-van-bao-cao.docx"));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
});

describe("ingestBytes: a file sent in a chat", () => {
  it("reads a PDF by its extension and stores it as file:<name>", async () => {
    const r = await ingestBytes(t.db, { bytes: fixture("cong-van-bao-cao.pdf"), name: "bao-cao.pdf" }, deps);
    expect(r.status).toBe("created");
    expect(r.report.url).toBe("file:bao-cao.pdf");
    expect(r.parsed.title).toBe(TITLE);
    expect(r.parsed.blocks.some((b) => b.type === "table")).toBe(true);
    expect(r.figures.map((f) => f.raw)).toContain("7.904,2 tỷ đồng");
  });

  it("reads a DOCX by its content type when the name has no extension", async () => {
    const type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    const r = await ingestBytes(t.db, { bytes: fixture("cong-van-bao-cao.docx"), name: "tai-lieu", contentType: type }, deps);
    expect(r.report.url).toBe("file:tai-lieu");
    expect(r.parsed.title).toBe(TITLE);
  });

  it("recognises PDF and DOCX by their first bytes when nothing else tells", async () => {
    const pdf = await ingestBytes(t.db, { bytes: fixture("cong-van-bao-cao.pdf"), name: "scan-1", contentType: "application/octet-stream" }, deps);
    expect(pdf.parsed.publishedAt?.toISOString()).toBe("2025-03-13T17:00:00.000Z");
    const docx = await ingestBytes(t.db, { bytes: fixture("cong-van-bao-cao.docx"), name: "scan-2" }, deps);
    expect(docx.parsed.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ type: "table", headerRows: 2 })]));
  });

  it("refuses an unknown file, and a .pdf or .docx whose bytes are something else, in Vietnamese", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]);
    await expect(ingestBytes(t.db, { bytes: png, name: "anh.png", contentType: "image/png" }, deps)).rejects.toThrow(/Không đọc được tệp "anh\.png": chỉ nhận tệp \.pdf, \.docx/);
    await expect(ingestBytes(t.db, { bytes: png, name: "bao-cao.pdf" }, deps)).rejects.toThrow(/không phải tệp PDF hợp lệ/);
    await expect(ingestBytes(t.db, { bytes: fixture("cong-van-bao-cao.pdf"), name: "bao-cao.docx" }, deps)).rejects.toThrow(/không phải tệp DOCX hợp lệ/);
  });
});

describe("ingestSource: PDF and DOCX", () => {
  it("ingests .pdf and .docx files under their file names", async () => {
    for (const ext of ["pdf", "docx"]) {
      const file = path.join(t.dir, `thang-2.${ext}`);
      copyFileSync(new URL(`../../fixtures/reports/cong-van-bao-cao.${ext}`, import.meta.url), file);
      const r = await ingestSource(t.db, file, deps);
      expect(r.report.url).toBe(`file:thang-2.${ext}`);
      expect(r.report.title).toBe(TITLE);
    }
  });

  it("ingests a PDF link and a DOCX download by their content types", async () => {
    const pdf = await ingestSource(t.db, `${base}/van-ban/bao-cao-thang-2.pdf`, deps);
    expect(pdf.report.url).toBe(`${base}/van-ban/bao-cao-thang-2.pdf`);
    expect(pdf.report.title).toBe(TITLE);
    const docx = await ingestSource(t.db, `${base}/tai-ve?id=7`, deps);
    expect(docx.report.url).toBe(`${base}/tai-ve?id=7`);
    expect(docx.parsed.publishedAt?.toISOString()).toBe("2025-03-13T17:00:00.000Z");
  });
});
