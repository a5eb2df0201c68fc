// Benchmark: reading figures from report pages, ingesting 1,000 generated reports (parsed in the
// parse worker, as the service does), then answering figure questions with them stored.
//   npm run bench:reports        (prints numbers; asserts nothing)
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createCore } from "../src/app/core.ts";
import { extractFacts } from "../src/services/figures/extract.ts";
import { closeParseWorker, parseInWorker } from "../src/services/parsing/parse-in-worker.ts";
import { parseReportHtml } from "../src/services/reports/parse.ts";
import { storeReport } from "../src/services/reports/store.ts";
import { createTempDb } from "../tests/support/temp-db.ts";
import { machineLine, percentile } from "./machine.ts";

const REPORTS = 1000;
const periods = (i: number) => {
  const year = 2000 + (i % 25);
  return [`6 tháng đầu năm ${year}`, `9 tháng năm ${year}`, `năm ${year}`, `quý ${["I", "II", "III", "IV"][i % 4]}/${year}`][i % 4];
};
const n = (i: number, base: number) => (base + ((i * 37) % 900)).toLocaleString("vi-VN", { maximumFractionDigits: 1 });

/** A report in the department's style, different numbers and period each time. */
function generated(i: number): string {
  const p = periods(i);
  const day = String(1 + (i % 28)).padStart(2, "0");
  return [
    `Báo cáo tình hình ngành Công Thương ${p} (số ${i})`,
    `(Cập nhật: ${day}/${String(1 + (i % 12)).padStart(2, "0")}/${2000 + (i % 25)})`,
    `Lĩnh vực công nghiệp: Giá trị sản xuất công nghiệp ${p} ước đạt ${n(i, 20000)} tỷ đồng, tăng ${(i % 9) + 1},${i % 10}% so với cùng kỳ, đạt ${40 + (i % 50)},${i % 10}% kế hoạch năm.`,
    `Lĩnh vực thương mại: Tổng mức bán lẻ hàng hóa và dịch vụ ${p} ước đạt ${n(i, 30000)} tỷ đồng. Kim ngạch xuất khẩu ${p} ước đạt ${n(i, 700)},${i % 10} triệu USD; kim ngạch nhập khẩu đạt ${n(i, 200)},${i % 10} triệu USD.`,
    `Cụm công nghiệp: tỷ lệ lấp đầy khoảng ${30 + (i % 40)},${i % 100}%, giải quyết việc làm cho khoảng ${n(i, 9000)} lao động.`,
    `Tác giả: Phòng Kế hoạch`,
  ].join("\n");
}

// Extraction alone, on the project's own report pages (parsed once): pages per second.
const pages = ["tests/fixtures/probe", "tests/fixtures/probe2"].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".html"))
    .map((f) => parseReportHtml(readFileSync(path.join(dir, f), "utf8"))),
);
let started = performance.now();
let extracted = 0;
let rounds = 0;
while (performance.now() - started < 3000) {
  for (const page of pages) extracted += extractFacts(page).length;
  rounds++;
}
const extractSeconds = (performance.now() - started) / 1000;

const temp = await createTempDb();
await parseInWorker("reportText", generated(0)); // starts the worker: its boot is not ingestion
started = performance.now();
let figures = 0;
for (let i = 0; i < REPORTS; i++) {
  const result = await storeReport(temp.db, await parseInWorker("reportText", generated(i)), { extract: extractFacts, url: `bench:report-${i}` });
  figures += result.figures.length;
}
const ingestSeconds = (performance.now() - started) / 1000;
await closeParseWorker();

const core = await createCore(temp.db);
const questions = [
  "kim ngạch xuất khẩu",
  "kim ngach xk 6 thang dau nam 2012",
  "giá trị sản xuất công nghiệp năm 2020",
  "tổng mức bán lẻ quý II/2015",
  "tỷ lệ lấp đầy ccn",
  "số lao động trong cụm công nghiệp",
  "nhập khẩu 9 tháng năm 2018",
  "gtsx cn",
  "kim ngạch xuất khẩu năm 1999",
  "xk 6 tháng 2012 tăng bao nhiêu so với cùng kỳ",
  "gtsx năm 2020 đạt bao nhiêu % kế hoạch",
  "số liệu dự án hydro xanh",
];
const ask = (text: string) => core.answer({ channel: "cli", userId: "bench", chatId: "bench", text });
started = performance.now();
await ask("kim ngạch xuất khẩu"); // loads every stored fact into memory
const firstAnswer = performance.now() - started;
for (let i = 0; i < 50; i++) await ask(questions[i % questions.length]);
const latencies: number[] = [];
started = performance.now();
for (let r = 0; r < 40; r++) {
  for (const q of questions) {
    const t = performance.now();
    await ask(q);
    latencies.push(performance.now() - t);
  }
}
const answerSeconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
await temp.cleanup();

console.log(`machine: ${machineLine()}`);
console.log(`extraction: ${pages.length} report pages (${extracted / rounds} facts) × ${rounds} rounds: ${((pages.length * rounds) / extractSeconds).toFixed(0)} pages/s`);
console.log(`ingest: ${REPORTS} generated reports (${figures} figures) in ${ingestSeconds.toFixed(1)} s = ${(REPORTS / ingestSeconds).toFixed(0)} reports/s`);
console.log(
  `figure answers with ${REPORTS + 1} reports stored: ${Math.round(latencies.length / answerSeconds)} questions/s, p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms`,
);
console.log(`first answer (loads every stored fact): ${firstAnswer.toFixed(0)} ms`);
