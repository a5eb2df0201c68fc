import { writeFileSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCore, KEYWORD_RULES_FILE } from "../../../src/app/core.ts";
import { loadRuleList, syncFileRules } from "../../../src/services/nlu/rule-store.ts";
import { questionForms } from "../../../src/services/questions/group-key.ts";
import { teachIntentPhrase } from "../../../src/services/questions/teach.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

// Unanswered questions are stored from the core for every channel but `cli`, without ids, and a
// failed write never costs the reply; the keyword rules come from the database, seeded from the
// file once, and a staff phrase is understood after a reload.

// One database for the file (seeding the reports takes seconds); each test starts from no questions
// and the file's rules only.
let temp: TempDb;
beforeAll(async () => {
  temp = await createTempDb();
});
afterAll(async () => {
  await temp.cleanup();
});
beforeEach(async () => {
  await temp.db.unansweredQuestion.deleteMany();
  await temp.db.keywordRule.deleteMany({ where: { source: "staff" } });
  await syncFileRules(temp.db, KEYWORD_RULES_FILE);
});

const telegram = (text: string) => ({ channel: "telegram" as const, userId: "555001", chatId: "777002", text });

describe("recording", () => {
  it("stores what the bot could not answer, with its reason and channel, and nothing about who asked", async () => {
    const core = await createCore(temp.db);
    expect((await core.answer(telegram("  xổ số hôm nay  "))).intent).toBe("out_of_scope");
    expect((await core.answer({ ...telegram("sản lượng cá ngừ bao nhiêu"), channel: "zalo" })).intent).toBe("figure_none");
    expect((await core.answer(telegram("số điện thoại sở công thương"))).intent).toBe("contact_phone");
    await core.questionsRecorded();
    const rows = await temp.db.unansweredQuestion.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.text, r.channel, r.reason])).toEqual([
      ["xổ số hôm nay", "telegram", "out_of_scope"],
      ["sản lượng cá ngừ bao nhiêu", "zalo", "no_figure"],
    ]);
    expect(rows[0]!.normalized).toBe("xo so hom nay");
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain("555001");
    expect(stored).not.toContain("777002");
  });

  it("does not store the cli's questions (npm run ask, the question sets)", async () => {
    const core = await createCore(temp.db);
    expect((await core.answer({ ...telegram("xổ số hôm nay"), channel: "cli" })).intent).toBe("out_of_scope");
    await core.questionsRecorded();
    expect(await temp.db.unansweredQuestion.count()).toBe(0);
  });

  it("cuts a long question", async () => {
    const core = await createCore(temp.db);
    await core.answer(telegram(`xổ số ${"rất ".repeat(200)}hay`));
    await core.questionsRecorded();
    const row = await temp.db.unansweredQuestion.findFirstOrThrow();
    expect(row.text.length).toBe(500);
    expect(row.text.endsWith("…")).toBe(true);
  });
});

describe("grouping", () => {
  it("puts spellings of one question in one group: diacritics, abbreviations, filler and order aside", () => {
    const keys = ["sdt phong xyz?", "Số điện thoại phòng XYZ", "số điện thoại của phòng xyz là gì", "Phòng XYZ số điện thoại", "SỐ ĐIỆN THOẠI PHÒNG XYZ!!"].map(
      (t) => questionForms(t).groupKey,
    );
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe("dien phong so thoai xyz");
    expect(questionForms("số điện thoại phòng ABC").groupKey).not.toBe(keys[0]);
    // Filler only still has a key.
    expect(questionForms("có không").groupKey).toBe("co khong");
  });
});

describe("keyword rules in the database", () => {
  it("are seeded from the file once, in the file's order", async () => {
    await temp.db.keywordRule.deleteMany();
    await createCore(temp.db);
    await createCore(temp.db);
    const rows = await temp.db.keywordRule.findMany();
    const file = (await import("../../../data/keyword-rules.json", { with: { type: "json" } })).default as { rules: { intent: string; phrases: string[] }[] };
    expect(rows.length).toBe(file.rules.flatMap((r) => r.phrases).length);
    expect(rows.every((r) => r.source === "file")).toBe(true);
    expect(await loadRuleList(temp.db)).toEqual(file.rules.map(({ intent, phrases }) => ({ intent, phrases })));
    expect(await syncFileRules(temp.db, KEYWORD_RULES_FILE)).toBe(0);
  });

  it("a staff phrase is understood after a reload, and survives a change of the file", async () => {
    const core = await createCore(temp.db);
    expect((await core.answer(telegram("lịch tiếp công dân"))).intent).toBe("out_of_scope");
    await core.questionsRecorded();
    const key = questionForms("lịch tiếp công dân").groupKey;
    expect(await teachIntentPhrase(temp.db, { key, intent: "contact_all", phrase: "lịch tiếp công dân", now: new Date() })).toBeNull();
    // Not before the reload: a message is answered wholly from the old rules or wholly from the new.
    expect((await core.answer({ ...telegram("lịch tiếp công dân"), channel: "cli" })).intent).toBe("out_of_scope");
    await core.reload();
    expect((await core.answer({ ...telegram("lich tiep cong dan the nao"), channel: "cli" })).intent).toBe("contact_all");
    expect(await temp.db.unansweredQuestion.count({ where: { resolvedAt: null } })).toBe(0);

    // The developers change the file: its rows follow it, the staff's stay.
    const changed = path.join(temp.dir, "rules.json");
    writeFileSync(
      changed,
      JSON.stringify({
        commands: {},
        contactCues: [],
        rules: [
          { intent: "contact_email", phrases: ["email", "hòm thư"] },
          { intent: "contact_all", phrases: ["fax"] },
        ],
      }),
    );
    expect(await syncFileRules(temp.db, changed)).toBe(3);
    expect(await loadRuleList(temp.db)).toEqual([
      { intent: "contact_email", phrases: ["email", "hòm thư"] },
      { intent: "contact_all", phrases: ["fax", "lịch tiếp công dân"] },
    ]);
  });
});

describe("a failed write (last: it drops the table)", () => {
  it("answers as usual when the question cannot be stored, and logs why", async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const core = await createCore(temp.db, { logger });
    await temp.db.$executeRawUnsafe('DROP TABLE "UnansweredQuestion"');
    const reply = await core.answer(telegram("xổ số hôm nay"));
    expect(reply.intent).toBe("out_of_scope");
    expect(reply.text).toContain("Xin lỗi");
    await core.questionsRecorded();
    expect(lines.some((l) => l.event === "question_record_failed")).toBe(true);
  });
});
