// Prisma 6.19 runs migrations through its bundled WebAssembly schema engine when the
// "js" engine and a driver adapter are configured: no native binary is downloaded,
// which matters because these machines (and CI) cannot reach Prisma's servers.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { sqliteFileFromUrl } from "./src/services/db-url.ts";

const url = process.env.DATABASE_URL ?? "file:./data/bot.db";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaBetterSQLite3({ url: sqliteFileFromUrl(url) }),
});
