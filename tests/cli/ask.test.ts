import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readPng } from "../support/chart-data.ts";

// The `ask` command is a contract: ../shared/devset/score.mjs and the benchmarks rely on its output.
const dir = mkdtempSync(path.join(tmpdir(), "ct-ask-"));
const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, "bot.db")}`, LOG_LEVEL: "info" };
const ask = (args: string[], input?: string) => spawnSync("npm", ["run", "--silent", "ask", "--", ...args], { input, encoding: "utf8", env, timeout: 60_000 });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run ask", { timeout: 60_000 }, () => {
  it("reads one question per line from a pipe and prints exactly one JSON object per line", () => {
    const questions = ["sdt so cong thuong", "", "hôm nay ăn gì", "email sở"];
    const run = ask([], questions.join("\n") + "\n");
    expect(run.status).toBe(0);
    const lines = run.stdout.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(questions.length);
    const replies = lines.map((l) => JSON.parse(l));
    expect(replies.map((r) => r.question)).toEqual(questions);
    expect(replies.map((r) => r.intent)).toEqual(["contact_phone", "empty", "out_of_scope", "contact_email"]);
    expect(replies[0].reply).toContain("0275 3822 365");
    expect(Object.keys(replies[0]).sort()).toEqual(["intent", "question", "reply"]);
  });

  it("prints the plain reply for a question given as arguments", () => {
    const run = ask(["email", "sở", "công", "thương"]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe("✉️ Email của Sở Công Thương tỉnh Bến Tre: sct@bentre.gov.vn");
  });

  it("says when a chart would be attached, and writes it with --chart-png", () => {
    const ingest = spawnSync("npm", ["run", "--silent", "ingest", "--", "tests/fixtures/reports/2024-06-sau-thang-dau-nam.txt", "tests/fixtures/reports/2024-09-chin-thang.txt"], {
      encoding: "utf8",
      env,
      timeout: 60_000,
    });
    expect(ingest.status).toBe(0);
    const file = path.join(dir, "chart.png");
    const run = ask(["--chart-png", file, "biểu", "đồ", "kim", "ngạch", "xuất", "khẩu"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("• 9 tháng năm 2024: 1.185,6 triệu USD (ước tính) [2]");
    expect(run.stdout).toContain("[Kèm biểu đồ: 📈 Kim ngạch xuất khẩu: giá trị theo kỳ (triệu USD), 6 tháng đầu năm 2024 – 9 tháng năm 2024]");
    expect(run.stdout).toContain(`[Đã ghi biểu đồ vào ${file}]`);
    expect(existsSync(file)).toBe(true);
    expect(readPng(readFileSync(file))).toMatchObject({ width: 1280, height: 640 });
    // Through a pipe the contract stays one {question, intent, reply} object per line.
    const piped = ask([], "biểu đồ kim ngạch xuất khẩu\n");
    expect(Object.keys(JSON.parse(piped.stdout.trim())).sort()).toEqual(["intent", "question", "reply"]);
  });
});
