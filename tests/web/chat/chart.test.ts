import { afterAll, beforeAll, expect, it } from "vitest";
import { storeMonthlyReports } from "../../support/chart-data.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";
import { startWebChat, type WebChatHarness } from "../../support/web-chat.ts";

// A chart asked for in the web chat: the numbers as text as everywhere, and the public chart image
// (served by /charts beside /chat) addressed from the chat page, with the chart's caption as its text.

let temp: TempDb;
let chat: WebChatHarness;

beforeAll(async () => {
  temp = await createTempDb();
  await storeMonthlyReports(temp.db);
  chat = await startWebChat(temp.db);
});
afterAll(async () => {
  await chat?.close();
  await temp?.cleanup();
});

it("answers a chart request with the numbers and the chart image, in the JSON answer and on the page", async () => {
  const reply = await (await chat.postJson("/chat/api", { text: "biểu đồ kim ngạch xuất khẩu" })).json();
  expect(reply.text).toContain("triệu USD");
  expect(reply.chart).toEqual({ src: "charts/export_turnover.png?measure=level", alt: expect.stringContaining("Kim ngạch xuất khẩu") });
  // Relative to the chat page, so that a service under a path prefix still finds its images.
  expect(new URL(reply.chart.src, `${chat.url}/chat`).pathname).toBe("/charts/export_turnover.png");

  const page = await (await chat.postForm("/chat", { text: "bieu do kim ngach xuat khau" })).text();
  expect(page).toMatch(/<img class="chart" src="charts\/export_turnover.png\?measure=level" alt="Kim ngạch xuất khẩu[^"]*" width="640" height="320"/);
});

it("sends no image when there is not enough to draw", async () => {
  const reply = await (await chat.postJson("/chat/api", { text: "biểu đồ số điện thoại" })).json();
  expect(reply.chart).toBeUndefined();
});
