import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, createCore } from "../../../src/app/core.ts";
import { createChartRenderer } from "../../../src/handlers/chart-render.ts";
import { closeServer, createApp, listen } from "../../../src/server.ts";
import { setFigureHidden } from "../../../src/services/console/report-review.ts";
import { createChartRouter } from "../../../src/web/charts/router.ts";
import { readPng, storeMonthlyReports } from "../../support/chart-data.ts";
import { createTempDb, silentLogger, type TempDb } from "../../support/temp-db.ts";

// The public chart images Zalo fetches: a PNG for what the bot would draw, a plain 404 for
// anything else, cached for a few minutes, with the same security headers as the console.

let temp: TempDb;
let core: Core;
let server: Server;
let base: string;

beforeAll(async () => {
  temp = await createTempDb();
  await storeMonthlyReports(temp.db);
  core = await createCore(temp.db);
  const router = createChartRouter({ charts: createChartRenderer(temp.db), https: true });
  server = await listen(createApp({ logger: silentLogger, mounts: [{ path: "/charts", router }], health: () => ({}) }), 0, "127.0.0.1");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeServer(server);
  await temp?.cleanup();
});

describe("GET /charts/:indicator.png", () => {
  it("serves the chart the bot sends as a PNG, cached for five minutes, with security headers", async () => {
    const res = await fetch(`${base}/charts/export_turnover.png?measure=level`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const png = readPng(new Uint8Array(await res.arrayBuffer()));
    expect(png).toMatchObject({ width: 1280, height: 640 });
    expect(png.inked).toBeGreaterThan(0.02);
    // The level is the default measure.
    expect((await fetch(`${base}/charts/export_turnover.png`)).status).toBe(200);
    expect((await fetch(`${base}/charts/export_turnover.png?measure=change`)).status).toBe(200);
  });

  it("draws exactly what the bot draws: a chart the bot sends is served, nothing else", async () => {
    const reply = await core.answer({ channel: "zalo", userId: "u", chatId: "u", text: "biểu đồ kim ngạch xuất khẩu" });
    expect((await fetch(`${base}/charts/${reply.chart!.indicator}.png?measure=${reply.chart!.measure}`)).status).toBe(200);
    // One value is said in words by the bot, and is not a chart here either.
    const single = await core.answer({ channel: "zalo", userId: "u", chatId: "u", text: "biểu đồ kim ngạch nhập khẩu" });
    expect(single.chart).toBeUndefined();
    expect((await fetch(`${base}/charts/import_turnover.png`)).status).toBe(404);
  });

  it("answers 404, with no detail and no caching, for anything that is not such a chart", async () => {
    for (const path of [
      "/charts/no_such_indicator.png",
      "/charts/export_turnover.png?measure=increment",
      "/charts/export_turnover.png?measure=%3Cscript%3E",
      "/charts/export_turnover.png?measure=level&measure=change",
      "/charts/EXPORT_TURNOVER.png",
      "/charts/export_turnover.svg",
      "/charts/..%2F..%2Fetc%2Fpasswd.png",
      "/charts/",
    ]) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      const body = await res.text();
      expect(body, path).not.toMatch(/script|passwd|export_turnover|EXPORT|no_such/);
      if (res.headers.get("content-type")?.startsWith("text/plain")) expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("leaves out figures staff hid, like the bot: hidden until fewer than two periods remain, then 404", async () => {
    const ask = async () => (await core.answer({ channel: "zalo", userId: "u", chatId: "u", text: "biểu đồ kim ngạch xuất khẩu" })).text;
    const levels = await temp.db.figure.findMany({ where: { indicator: "export_turnover", measure: "level", periodKind: "month" }, orderBy: { id: "asc" } });
    const may = levels.find((f) => f.periodLabel === "tháng 5/2026")!;
    await setFigureHidden(temp.db, may.id, true);
    expect(await ask()).not.toContain("142,37");
    expect((await fetch(`${base}/charts/export_turnover.png`)).status).toBe(200);
    for (const f of levels.filter((f) => f.periodLabel === "tháng 4/2026")) await setFigureHidden(temp.db, f.id, true);
    expect(await ask()).toMatch(/^Chưa đủ số liệu để vẽ biểu đồ/);
    expect((await fetch(`${base}/charts/export_turnover.png`)).status).toBe(404);
    for (const f of levels) await setFigureHidden(temp.db, f.id, false);
    expect((await fetch(`${base}/charts/export_turnover.png`)).status).toBe(200);
  });
});
