// The parse worker loads its TypeScript entry however the process was started: under vitest (every
// other test here), `node --import tsx` (the service), `node --import tsx -e` and the tsx CLI (the
// npm scripts). Each child parses a page and must then exit by itself.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const script = fileURLToPath(new URL("../../support/parse-in-child.ts", import.meta.url));
const tsxCli = fileURLToPath(new URL("../../../node_modules/tsx/dist/cli.mjs", import.meta.url));

describe("the parse worker in a child process", () => {
  it.each([
    ["node --import tsx", ["--import", "tsx", script]],
    ["node --import tsx -e", ["--import", "tsx", "--input-type=module", "-e", `await import(${JSON.stringify(script)})`]],
    ["tsx CLI", [tsxCli, script]],
  ])(
    "%s: parses and exits",
    async (_, args) => {
      const { stdout } = await run(process.execPath, args, { cwd: root, timeout: 60_000 });
      expect(JSON.parse(stdout.trim())).toEqual({ title: "Báo cáo tháng 5 năm 2025" });
    },
    90_000,
  );
});
