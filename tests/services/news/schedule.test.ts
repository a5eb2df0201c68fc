import { describe, expect, it } from "vitest";
import { scheduleCrawls } from "../../../src/services/news/schedule.ts";
import { silentLogger } from "../../support/temp-db.ts";

describe("the crawl schedule", () => {
  it("runs the cycle on a real cron schedule", async () => {
    let runs = 0;
    const schedule = scheduleCrawls({ expression: "* * * * * *", logger: silentLogger, cycle: async () => void (runs += 1) });
    const deadline = Date.now() + 5_000;
    while (runs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await schedule.stop();
    expect(runs).toBeGreaterThan(0);
  });

  it("never runs two cycles at once, whether started by the schedule or by hand", async () => {
    let release!: () => void;
    let running = 0;
    let maxRunning = 0;
    const gate = new Promise<void>((r) => (release = r));
    const schedule = scheduleCrawls({
      expression: "0 0 1 1 *",
      logger: silentLogger,
      cycle: async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await gate;
        running -= 1;
      },
    });
    const first = schedule.runNow();
    expect(await schedule.runNow()).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(await schedule.runNow()).toBe(true);
    expect(maxRunning).toBe(1);
    await schedule.stop();
  });

  it("keeps running after a cycle fails", async () => {
    let calls = 0;
    const schedule = scheduleCrawls({
      expression: "0 0 1 1 *",
      logger: silentLogger,
      cycle: async () => {
        calls += 1;
        throw new Error("site down");
      },
    });
    expect(await schedule.runNow()).toBe(true);
    expect(await schedule.runNow()).toBe(true);
    expect(calls).toBe(2);
    await schedule.stop();
  });
});
