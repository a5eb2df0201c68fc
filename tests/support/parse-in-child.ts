// Parses a page in the parse worker and prints its title as JSON. worker-contexts.test.ts runs it
// the ways the service and the CLIs start (node --import tsx, node -e, the tsx CLI).
import { parseInWorker } from "../../src/services/parsing/parse-in-worker.ts";

const report = await parseInWorker("reportHtml", "<html><body><article><h1>Báo cáo tháng 5 năm 2025</h1><p>Giá trị sản xuất tăng 5%.</p></article></body></html>");
console.log(JSON.stringify({ title: report.title }));
// No closeParseWorker(): an idle worker must not keep a finished command alive.
