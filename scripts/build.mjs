// Builds src/ into dist/ with esbuild when dist/ is missing or older than any source file, so that
// `npm start` and `npm run ask` always run JavaScript that matches the sources. One bundle per
// command (and one for the parse worker), with the code they share in dist/chunks/: a Node process
// loads a few large files much faster than two hundred small ones. Packages stay in node_modules,
// except zod, whose ninety-odd module files cost a tenth of a second at every start.
// Type checking is `npm run typecheck` (tsc); esbuild only strips the types.
//   node scripts/build.mjs           build if stale
//   node scripts/build.mjs --force   build now
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const stamp = path.join(dist, ".built");
const lock = path.join(root, "dist.lock");
const INLINED = new Set(["zod"]);
/** Modules in src/cli/ that the commands share, not commands themselves. */
const CLI_HELPERS = new Set(["table.ts"]);

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const inputs = () => [path.join(root, "package.json"), path.join(root, "scripts", "build.mjs")].map((f) => statSync(f).mtimeMs);
const fresh = () => existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(newestSource(path.join(root, "src")), ...inputs());

/** The commands (src/index.ts and src/cli/*.ts that run something) and the parse worker. */
function entryPoints() {
  const cli = readdirSync(path.join(root, "src", "cli"))
    .filter((f) => f.endsWith(".ts") && !CLI_HELPERS.has(f))
    .map((f) => path.join(root, "src", "cli", f));
  return [path.join(root, "src", "index.ts"), ...cli, path.join(root, "src", "services", "parsing", "parse-worker.ts")];
}

async function compile() {
  const { build } = await import("esbuild");
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
    .filter((name) => !INLINED.has(name))
    .flatMap((name) => [name, `${name}/*`]);
  // Built beside dist/ and swapped in; the previous build stays in dist.old/ until the next one, so
  // a command still running from it can load its remaining chunks.
  const next = `${dist}.next`;
  const old = `${dist}.old`;
  rmSync(next, { recursive: true, force: true });
  await build({
    entryPoints: entryPoints(),
    outbase: path.join(root, "src"),
    outdir: next,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external,
    logLevel: "warning",
  });
  writeFileSync(path.join(next, ".built"), new Date().toISOString());
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
}

async function lockedBuild(force) {
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another build is running; a lock older than two minutes was left by a killed one.
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - started > 180_000) throw new Error("waited too long for another build");
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    if (force || !fresh()) await compile();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds dist/ if it is stale (or `force`); without esbuild (a pruned install), keeps what is there. */
export async function ensureBuilt({ force = false } = {}) {
  if (!force && fresh()) return;
  if (!existsSync(path.join(root, "node_modules", "esbuild"))) {
    if (existsSync(stamp)) return;
    throw new Error("dist/ is missing and esbuild is not installed: run npm install");
  }
  await lockedBuild(force);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await ensureBuilt({ force: process.argv.includes("--force") });
