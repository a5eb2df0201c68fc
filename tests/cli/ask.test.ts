import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

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
});
