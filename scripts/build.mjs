// Compiles src/ to dist/ when dist/ is missing or older than any source file, so that `npm start`
// and `npm run ask` always run compiled JavaScript (faster to start than tsx) that matches the
// sources. `node scripts/build.mjs --force` rebuilds unconditionally. A lock keeps two commands
// started together from writing dist/ at once.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stamp = path.join(root, "dist", ".built");
const lock = path.join(root, "dist.lock");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const fresh = () => existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(newestSource(path.join(root, "src")), statSync(path.join(root, "tsconfig.build.json")).mtimeMs);

if (process.argv.includes("--force") || !fresh()) {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another build is running; a lock older than two minutes was left by a killed one.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - started > 180_000) throw new Error("waited too long for another build");
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (process.argv.includes("--force") || !fresh()) {
      const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
      if (!existsSync(tsc)) {
        if (!existsSync(stamp)) throw new Error("dist/ is missing and TypeScript is not installed: run npm install");
      } else {
        rmSync(path.join(root, "dist"), { recursive: true, force: true });
        const run = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
        if (run.status !== 0) process.exit(run.status ?? 1);
        writeFileSync(stamp, new Date().toISOString());
      }
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
