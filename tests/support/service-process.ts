import { spawn, type ChildProcess } from "node:child_process";

/**
 * The service in a child process configured only through the environment: from the sources (tsx),
 * or `built` as `npm start` runs it (scripts/run.mjs, the bundles in dist/).
 */
export interface ServiceProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first log line of this event after `from` characters of output. */
  waitForLog(event: string, opts?: { timeoutMs?: number; from?: number }): Promise<Record<string, unknown>>;
  /** Log lines of one event, parsed. */
  logs(event: string): Record<string, unknown>[];
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startService(env: Record<string, string>, { built = false }: { built?: boolean } = {}): ServiceProcess {
  const child = spawn(process.execPath, built ? ["--optimize-for-size", "scripts/run.mjs", "index"] : ["--import", "tsx", "src/index.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  child.stderr!.on("data", (chunk) => (out += chunk));
  const parsed = () =>
    out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    child,
    output: () => out,
    logs: (event) => parsed().filter((l) => l.event === event),
    waitForLog(event, { timeoutMs = 30_000, from = 0 } = {}) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          const line = out
            .slice(from)
            .split("\n")
            .find((l) => l.includes(`"event":"${event}"`));
          if (line) return resolve(JSON.parse(line));
          if (child.exitCode !== null) return reject(new Error(`service exited (${child.exitCode}) before "${event}":\n${out}`));
          if (Date.now() - started > timeoutMs) return reject(new Error(`no "${event}" log line; got:\n${out}`));
          setTimeout(check, 50);
        };
        check();
      });
    },
    kill(signal = "SIGKILL") {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve) => {
        child.once("exit", (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}
