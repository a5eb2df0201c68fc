import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCore, type Core } from "../../../src/app/core.ts";
import { type ConsoleHarness, csrfOf, startConsole } from "../../support/console.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// The unanswered-questions page against a real SQLite file: nothing without a session, CSRF on every
// form, groups listed by count, a group closed, its words added to a unit or an intent and answered
// by the bot at once, a wrong form refused next to its field.

let temp: TempDb;
let web: ConsoleHarness;
let core: Core;
const fromTelegram = (text: string) => core.answer({ channel: "telegram", userId: "42", chatId: "42", text });
const fromZalo = (text: string) => core.answer({ channel: "zalo", userId: "z1", chatId: "z1", text });

beforeAll(async () => {
  temp = await createTempDb();
  core = await createCore(temp.db);
  web = await startConsole(temp.db, { onDirectoryChanged: () => core.reload(), onKeywordRulesChanged: () => core.reload() });
  for (const q of ["lịch tiếp công dân", "Lịch tiếp công dân?", "lich tiep cong dan"]) expect((await fromTelegram(q)).intent).toBe("out_of_scope");
  for (const q of ["nơi tiếp dân ở đâu", "Nơi tiếp dân ở đâu?"]) expect((await fromZalo(q)).intent).toBe("out_of_scope");
  expect((await fromTelegram("xổ số hôm nay")).intent).toBe("out_of_scope");
  await core.questionsRecorded();
});
afterAll(async () => {
  await web?.close();
  await temp?.cleanup();
});

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const cookie = await web.signIn();
  return { cookie, csrf: csrfOf(await (await web.get("/console/questions", cookie)).text()) };
}
const keyOf = async (text: string) => (await temp.db.unansweredQuestion.findFirstOrThrow({ where: { text } })).groupKey;
const openCount = () => temp.db.unansweredQuestion.count({ where: { resolvedAt: null } });

describe("without a session", () => {
  it("shows no question and changes nothing (401)", async () => {
    const res = await web.get("/console/questions");
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain("tiếp công dân");
    const key = await keyOf("xổ số hôm nay");
    for (const [path, form] of [
      ["/console/questions/done", { key }],
      ["/console/questions/intent", { key, intent: "contact_all", phrase: "xổ số" }],
      ["/console/questions/unit", { key, unit: "so-cong-thuong-ben-tre", phrase: "xổ số" }],
    ] as const) {
      expect((await web.post(path, form)).status, path).toBe(401);
    }
    expect(await openCount()).toBe(6);
  });
});

describe("signed in", () => {
  it("lists the open groups, the most asked first, with counts, examples and channels", async () => {
    const { cookie } = await signIn();
    const res = await web.get("/console/questions", cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Câu hỏi chưa trả lời</h1>");
    expect(html).toContain('href="/console/questions" aria-current="page"');
    const titles = [...html.matchAll(/<h2 id="group-\d+-title">“([^<]*)”<\/h2>/g)].map((m) => m[1]);
    // The first example written with diacritics heads its group.
    expect(titles).toEqual(["Lịch tiếp công dân?", "Nơi tiếp dân ở đâu?", "xổ số hôm nay"]);
    expect(html).toMatch(/Số lần hỏi<\/dt><dd>3<\/dd>/);
    expect(html).toMatch(/Số lần hỏi<\/dt><dd>2<\/dd>/);
    expect(html).toContain("“lich tiep cong dan”");
    expect(html).toContain("<dt>Kênh</dt><dd>Zalo</dd>");
    expect(html).toContain("<dt>Kênh</dt><dd>Telegram</dd>");
    // The words offered for editing: the latest question without its question mark.
    expect(html).toContain('id="unit-phrase-1" name="phrase" type="text" value="Nơi tiếp dân ở đâu"');
    expect(html).not.toMatch(/\b42\b.*Kênh|z1/);
  });

  it("refuses a form without the CSRF token or with a wrong one (403) and changes nothing", async () => {
    const { cookie, csrf } = await signIn();
    const key = await keyOf("xổ số hôm nay");
    expect((await web.post("/console/questions/done", { key }, cookie)).status).toBe(403);
    expect((await web.post("/console/questions/done", { key, _csrf: `${csrf.slice(0, -1)}x` }, cookie)).status).toBe(403);
    expect((await web.post("/console/questions/intent", { key, intent: "contact_all", phrase: "xổ số" }, cookie)).status).toBe(403);
    expect(await openCount()).toBe(6);
  });

  it("refuses an empty or too general phrase, an unknown unit or intent, a phrase a rule has: 422, next to the field", async () => {
    const { cookie, csrf } = await signIn();
    const key = await keyOf("lịch tiếp công dân");
    const cases: [string, Record<string, string>, string, string][] = [
      ["/console/questions/intent", { intent: "contact_all", phrase: "  " }, "Hãy nhập cụm từ", "intent-phrase-0"],
      ["/console/questions/intent", { intent: "contact_all", phrase: "cho tôi hỏi" }, "quá chung", "intent-phrase-0"],
      ["/console/questions/intent", { intent: "no_such_intent", phrase: "lịch tiếp công dân" }, "Hãy chọn một loại câu hỏi", "intent-0"],
      ["/console/questions/intent", { intent: "", phrase: "lịch tiếp công dân" }, "Hãy chọn một loại câu hỏi", "intent-0"],
      ["/console/questions/intent", { intent: "contact_all", phrase: "E-mail" }, "đã có trong quy tắc “Hỏi email”", "intent-phrase-0"],
      ["/console/questions/unit", { unit: "no-such-unit", phrase: "tiếp dân" }, "Hãy chọn một đơn vị", "unit-0"],
      ["/console/questions/unit", { unit: "so-cong-thuong-ben-tre", phrase: "" }, "Hãy nhập cụm từ", "unit-phrase-0"],
      [
        "/console/questions/unit",
        { unit: "so-cong-thuong-ben-tre", phrase: "Trung tâm khuyến công" },
        "đã là tên hoặc tên gọi khác của “Trung tâm Khuyến công &amp; Xúc tiến thương mại”",
        "unit-phrase-0",
      ],
    ];
    for (const [path, form, message, field] of cases) {
      const res = await web.post(path, { ...form, key, _csrf: csrf }, cookie);
      expect(res.status, message).toBe(422);
      const html = await res.text();
      expect(html, message).toContain(message);
      expect(html).toContain('role="alert"');
      const which = path.endsWith("unit") ? "unit" : "intent";
      // The summary leads to the field at fault, which says it is wrong and why; no other field does.
      expect(html).toContain(`<a href="#${field}">`);
      expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-describedby="[^"]*${which}-error-0" aria-invalid="true"`));
      expect(html.match(/aria-invalid/g)?.length).toBe(1);
    }
    expect(await openCount()).toBe(6);
    expect(await temp.db.keywordRule.count({ where: { source: "staff" } })).toBe(0);
  });

  it("adds a group's words to an intent: the bot answers with that intent at once, the group is closed", async () => {
    const { cookie, csrf } = await signIn();
    expect((await fromTelegram("cho hỏi lịch tiếp công dân tuần này")).intent).toBe("out_of_scope");
    await core.questionsRecorded();
    const key = await keyOf("lịch tiếp công dân");
    const res = await web.post("/console/questions/intent", { key, intent: "contact_all", phrase: "Lịch tiếp công dân", _csrf: csrf }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/questions?saved=intent");
    const reply = await fromTelegram("lich tiep cong dan the nao");
    expect(reply.intent).toBe("contact_all");
    expect(reply.text).toContain("Sở Công Thương tỉnh Bến Tre");
    const page = await (await web.get("/console/questions?saved=intent", cookie)).text();
    expect(page).toContain("Đã thêm cụm từ vào quy tắc từ khóa");
    expect(page).not.toContain("“lich tiep cong dan”");
    // A different wording with other words is its own group and stays open.
    expect(page).toContain("cho hỏi lịch tiếp công dân tuần này");
    expect(await temp.db.keywordRule.findFirst({ where: { source: "staff" } })).toMatchObject({ intent: "contact_all", phrase: "Lịch tiếp công dân" });
  });

  it("adds a group's words to a unit's other names: the bot answers the contact question at once", async () => {
    const { cookie, csrf } = await signIn();
    const key = await keyOf("nơi tiếp dân ở đâu");
    const res = await web.post("/console/questions/unit", { key, unit: "so-cong-thuong-ben-tre", phrase: "nơi tiếp dân", _csrf: csrf }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/questions?saved=unit");
    const reply = await fromZalo("Nơi tiếp dân ở đâu?");
    expect(reply.intent).toBe("contact_all");
    expect(reply.text).toContain("Sở Công Thương tỉnh Bến Tre");
    const unit = await temp.db.unit.findUniqueOrThrow({ where: { slug: "so-cong-thuong-ben-tre" } });
    expect(JSON.parse(unit.aliases)).toContain("nơi tiếp dân");
    expect(await temp.db.unansweredQuestion.count({ where: { groupKey: key, resolvedAt: null } })).toBe(0);
  });

  it("marks a group done; it is listed under done with how it was dealt with", async () => {
    const { cookie, csrf } = await signIn();
    const key = await keyOf("xổ số hôm nay");
    const res = await web.post("/console/questions/done", { key, _csrf: csrf }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/questions?saved=done");
    expect(await (await web.get("/console/questions?saved=done", cookie)).text()).not.toContain("“xổ số hôm nay”");
    // Twice: the group is already closed.
    expect((await web.post("/console/questions/done", { key, _csrf: csrf }, cookie)).headers.get("location")).toBe("/console/questions?saved=gone");
    const done = await (await web.get("/console/questions?status=done", cookie)).text();
    expect(done).toContain('href="/console/questions?status=done" aria-current="page"');
    expect(done).toContain("“xổ số hôm nay”");
    expect(done).toContain("Đánh dấu đã xử lý");
    expect(done).toContain("Thêm vào tên gọi của Sở Công Thương tỉnh Bến Tre");
    expect(done).toContain("Thêm vào quy tắc: Hỏi thông tin liên hệ");
    expect(done).not.toContain('action="/console/questions/unit"');
  });
});
