// npm run ingest -- <file.html | file.txt | file.pdf | file.docx | URL> ...
// Stores each report with its figures and prints what was stored. Stdout carries only the result;
// errors go to stderr so the output can be piped.
import { table } from "./table.ts";
import { STATUS_LABEL as STATUS_LABEL_VI, storedValue } from "../handlers/figure-text.ts";
import { configFromEnvironment } from "../env.ts";
import { extractFacts } from "../services/figures/extract.ts";
import { migrate, openDb } from "../services/db.ts";
import { fetchPage } from "../services/reports/fetch-page.ts";
import { createSafeFetch } from "../services/http/safe-fetch.ts";
import { ingestSource } from "../services/reports/ingest.ts";
import type { StoreStatus } from "../services/reports/store.ts";
import type { Figure } from "../generated/prisma/client.ts";

const STATUS_LABEL: Record<StoreStatus, string> = {
  created: "Đã thêm mới",
  updated: "Đã cập nhật",
  unchanged: "Không thay đổi",
};

function figureTable(figures: Figure[]): string {
  if (figures.length === 0) return "  (không tìm thấy số liệu)";
  const rows = figures.map((f) => [
    f.part ? `${f.subject} – ${f.part}` : f.subject,
    storedValue(f),
    f.periodLabel ?? "",
    [STATUS_LABEL_VI[f.status], f.basis].filter(Boolean).join(", "),
  ]);
  return table(["Chỉ tiêu", "Giá trị", "Kỳ", "Ghi chú"], rows);
}

async function main(args: string[]): Promise<number> {
  if (args.length === 0) {
    console.error("Cách dùng: npm run ingest -- <tệp.html | tệp.txt | tệp.pdf | tệp.docx | URL> ...");
    return 2;
  }
  const { databaseUrl, news, fetch: fetching } = configFromEnvironment();
  const db = openDb(databaseUrl);
  let failed = 0;
  try {
    await migrate(db, databaseUrl);
    const safeFetch = createSafeFetch({ allowPrivate: fetching.allowPrivate });
    const deps = { extract: extractFacts, fetchPage: (url: string) => fetchPage(url, { userAgent: news.userAgent, safeFetch }) };
    for (const source of args) {
      try {
        const { status, report, figures } = await ingestSource(db, source, deps);
        console.log(`${STATUS_LABEL[status]}: ${report.title}`);
        console.log(figureTable(figures));
        console.log();
      } catch (err) {
        failed++;
        console.error(`Lỗi khi nạp ${source}: ${(err as Error).message}`);
      }
    }
  } finally {
    await db.$disconnect();
  }
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`Lỗi: ${(err as Error)?.message ?? String(err)}`);
    process.exitCode = 1;
  },
);
