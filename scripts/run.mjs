// Runs a built command: `node scripts/run.mjs cli/ask …args` builds dist/ first if a source
// changed since the last build, then runs dist/cli/ask.js in this same process (a second Node
// process for the check, as an npm "pre" script would be, costs a seventh of a second).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureBuilt } from "./build.mjs";

const [entry] = process.argv.splice(2, 1);
if (!entry) {
  process.stderr.write("usage: node scripts/run.mjs <index|cli/ask|cli/ingest|…> [args]\n");
  process.exit(2);
}
await ensureBuilt();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
await import(pathToFileURL(path.join(root, "dist", `${entry}.js`)).href);
