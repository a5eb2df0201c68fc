// Another process holding SQLite's write lock, as `npm run ingest` or `npm run crawl` does while
// the service runs: better-sqlite3 in a child process, BEGIN IMMEDIATE, one insert, a pause, COMMIT.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const betterSqlite = createRequire(import.meta.url).resolve("better-sqlite3");

export interface LockHolder {
  /** Resolves once the lock is taken. */
  locked: Promise<void>;
  /** Resolves with the time (ms since epoch) taken just before COMMIT: nothing of ours can commit earlier. */
  released: Promise<number>;
}

export function holdWriteLock(file: string, holdMs: number): LockHolder {
  const script = `
    const Database = require(${JSON.stringify(betterSqlite)});
    const db = new Database(${JSON.stringify(file)});
    db.exec("BEGIN IMMEDIATE");
    db.prepare("INSERT INTO AnnouncementDraft (channel, userId, text) VALUES ('test', 'lock-holder', 'x')").run();
    console.log("locked");
    setTimeout(() => {
      console.log("releasing " + Date.now());
      db.exec("COMMIT");
      db.close();
    }, ${holdMs});`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise<never>((_, reject) => child.on("exit", (code) => reject(new Error(`lock holder exited (${code}) ${stderr}`))));
  const line = (match: RegExp) => Promise.race([new Promise<string>((resolve) => lines.on("line", (l) => match.test(l) && resolve(l))), exited]);
  return {
    locked: line(/^locked$/).then(() => undefined),
    released: line(/^releasing \d+$/).then((l) => Number(l.split(" ")[1])),
  };
}

/** The longest stretch the event loop went without running a 10 ms interval, until `stop()`. */
export function watchEventLoop(): { stop(): number } {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(max, performance.now() - last);
    },
  };
}

/**
 * Another process taking the write lock again and again (BEGIN IMMEDIATE, COMMIT), waiting as long
 * as it takes: the longest wait is the longest any of our write transactions held the lock.
 */
export function probeWriteLock(file: string): { stop(): Promise<number> } {
  const script = `
    const Database = require(${JSON.stringify(betterSqlite)});
    const db = new Database(${JSON.stringify(file)}, { timeout: 60000 });
    const pause = new Int32Array(new SharedArrayBuffer(4));
    let longest = 0;
    process.stdin.on("end", () => { console.log(String(longest)); process.exit(0); });
    const probe = () => {
      const start = Date.now();
      db.exec("BEGIN IMMEDIATE");
      longest = Math.max(longest, Date.now() - start);
      db.exec("COMMIT");
      Atomics.wait(pause, 0, 0, 2);
      setImmediate(probe);
    };
    process.stdin.resume();
    probe();`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    async stop() {
      child.stdin.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      child.kill();
      return Number(out.trim());
    },
  };
}
