// The parse worker's deadline: a task that never returns is stopped by terminating its worker,
// the caller gets a ParseTimeoutError, the main thread keeps running meanwhile, and the next task
// runs in a fresh worker. Uses a test entry whose tasks hang or die on purpose.
import { afterAll, describe, expect, it } from "vitest";
import { ParseTimeoutError, ParseWorkerError } from "../../../src/services/parsing/errors.ts";
import { ParseWorker } from "../../../src/services/parsing/parse-worker-thread.ts";
import { rejection, whileAwaiting } from "../../support/event-loop.ts";
import type { StuckTasks } from "../../support/stuck-parse-worker.ts";

const DEADLINE_MS = 1_500;
const worker = new ParseWorker<StuckTasks>({ entry: new URL("../../support/stuck-parse-worker.ts", import.meta.url), deadlineMs: DEADLINE_MS });
afterAll(() => worker.close());

describe("ParseWorker: deadline", () => {
  it("answers tasks from a .ts entry (tsx registered inside the worker)", async () => {
    expect(await worker.run("echo", "xin chào")).toBe("xin chào");
  });

  it("terminates a task that never returns at the deadline, while the main thread keeps running", async () => {
    const r = await whileAwaiting(() => worker.run("spin"));
    const err = rejection(r.outcome);
    expect(err).toBeInstanceOf(ParseTimeoutError);
    expect(err).toMatchObject({ task: "spin", deadlineMs: DEADLINE_MS });
    expect(err.message).toBe("Đọc tài liệu quá 1,5 giây nên đã dừng.");
    // Not before the deadline, and not long after it (generous: the machine is shared).
    expect(r.elapsedMs).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(r.elapsedMs).toBeLessThan(DEADLINE_MS + 8_000);
    // The timer kept ticking while the worker spun: the event loop was never blocked.
    expect(r.ticks).toBeGreaterThanOrEqual(10);
    expect(r.maxGapMs).toBeLessThan(1_000);
  });

  it("runs the next task in a fresh worker", async () => {
    expect(await worker.run("echo", "lần sau")).toBe("lần sau");
  });

  it("queues tasks behind a stuck one and runs them after its deadline", async () => {
    const stuck = worker.run("spin");
    const next = worker.run("echo", "xếp hàng");
    await expect(stuck).rejects.toBeInstanceOf(ParseTimeoutError);
    expect(await next).toBe("xếp hàng");
  });

  it("gives a task its own deadline when one is set", async () => {
    const patient = new ParseWorker<StuckTasks>({ entry: new URL("../../support/stuck-parse-worker.ts", import.meta.url), deadlineMs: 60_000, taskDeadlinesMs: { spin: 300 } });
    try {
      await expect(patient.run("spin")).rejects.toMatchObject({ name: "ParseTimeoutError", deadlineMs: 300 });
      expect(await patient.run("echo", "ok")).toBe("ok");
    } finally {
      await patient.close();
    }
  });

  it("rejects arguments that cannot be sent to the worker, and goes on", async () => {
    await expect(worker.run("echo", (() => "x") as unknown as string)).rejects.toThrow(/could not be cloned/);
    expect(await worker.run("echo", "tiếp")).toBe("tiếp");
  });

  it("reports a worker that dies under a task as ParseWorkerError, then recovers", async () => {
    await expect(worker.run("exit")).rejects.toThrow(ParseWorkerError);
    await expect(worker.run("exit")).rejects.toThrow(/dừng đột ngột: mã thoát 3/);
    expect(await worker.run("echo", "vẫn chạy")).toBe("vẫn chạy");
  });
});
