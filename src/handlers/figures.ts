import type { Db } from "../services/db.ts";
import { matchIndicators } from "../services/figures/indicators.ts";
import { type FactRow, sharedFactIndex } from "../services/figures/lookup.ts";
import { readQuestion, YEARLESS, type FigureQuestion } from "../services/figures/question.ts";
import { coverage, selectFact } from "../services/figures/select.ts";
import type { Understanding } from "../services/nlu/understand.ts";
import { fold } from "../services/text/fold.ts";
import { formatViNumber } from "../services/figures/numbers.ts";
import type { FigureAnswerer } from "./answer.ts";
import { chartSpecOf, chartText, chatSeries, isChartRequest, MIN_CHART_POINTS, withoutChartWords } from "./figure-chart.ts";
import { figureNotes, figurePeriod, figureValue, sourceLine } from "./figure-text.ts";
import type { BotReply } from "./types.ts";

/**
 * To overrule the classifier a question needs two words of an indicator found in order: folding
 * makes "cho sở" (to the department) and "số chợ" (number of markets) the same words.
 */
export const INDICATOR_OVERRIDE_SCORE = 3;
/** Words that ask for a number ("bao nhiêu", "tăng hay giảm", "sản lượng", "kim ngạch"). */
const ASKS_NUMBER = /\b(?:bao nhieu|may|tang hay giam|giam hay tang|ty le|phan tram|san luong|so luong|tong so|kim ngach|doanh thu|gia tri)\b|%/;
const MIN_CLAIM_COVERAGE = 0.7;
const CLAIM_OVER_KEYWORD = 0.85;

// The understood words carry the typo repairs and expansions of the NLU ("xaut" → "xuat").
const questionText = (u: Understanding, text: string) => (u.words.length > 0 ? u.words.join(" ") : fold(text));
const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase("vi") + s.slice(1);

function name(f: FactRow): string {
  return f.part ? `${f.subject} – ${f.part}` : f.subject;
}

function headline(f: FactRow, asIndex = false): string {
  if (f.status === "target") return `📊 ${name(f)} – kế hoạch ${figurePeriod(f)}: ${figureValue(f)}`;
  // Asked "bằng bao nhiêu %", a change is also said as the index: "bằng 108,0%".
  const index = asIndex && f.measure === "change" && f.base !== "per_year" ? ` (bằng ${formatViNumber(String(Number((100 + Number(f.value)).toFixed(4))))}%)` : "";
  return `📊 ${name(f)}, ${figurePeriod(f)}${figureNotes(f)}: ${figureValue(f)}${index}`;
}

function answerReply(chosen: FactRow, related: FactRow[], others: FactRow[], note: string, asIndex: boolean): BotReply {
  const lines = [note + headline(chosen, asIndex)];
  for (const f of related) lines.push(`• ${figureValue(f)}${f.status !== chosen.status ? figureNotes(f) : ""}`);
  lines.push("", sourceLine(chosen.report));
  // Other periods by name only: their numbers are one question away, and never mistaken for this one.
  if (others.length) lines.push("", `Các kỳ khác có số liệu: ${others.map(figurePeriod).join("; ")}.`);
  return { intent: "figure", text: lines.join("\n") };
}

export function createFigureAnswerer(db: Db): FigureAnswerer {
  const index = sharedFactIndex(db);

  async function answerQuestion(q: FigureQuestion): Promise<BotReply> {
    const s = selectFact(q, await index.all());
    if (s.kind === "answer") {
      const note = s.fallback ? "Báo cáo chỉ nêu tốc độ tăng, không nêu giá trị tuyệt đối:\n" : "";
      return answerReply(s.chosen, s.related, s.others, note, q.index);
    }
    if (s.kind === "no_period") {
      const what = lowerFirst(name(s.subject));
      const periods = s.periods.map(figurePeriod).join("; ");
      // A period asked without its year carries a placeholder year (YEARLESS), not to be shown.
      const asked = q.yearless ? q.period!.label.replace(new RegExp(`(?:\\s*năm\\s*|/)${YEARLESS}$`), "") : q.period!.label;
      const lines = [`Chưa có số liệu ${q.target ? "kế hoạch " : ""}${what} cho ${asked}. Các kỳ có số liệu: ${periods}.`];
      if (s.target) lines.push("", `Chưa có số liệu thực hiện; ${headline(s.target).replace("📊 ", "")}`, sourceLine(s.target.report));
      return { intent: "figure_none", text: lines.join("\n") };
    }
    const nearest = s.nearest.length ? `\nCác chỉ tiêu gần nhất có số liệu: ${s.nearest.join("; ")}.` : "";
    return { intent: "figure_none", text: `Các báo cáo đã lưu chưa có số liệu khớp với câu hỏi này.${nearest}` };
  }

  /** "biểu đồ kim ngạch xuất khẩu": the indicator's series as a chart, with its numbers and sources in the text. */
  async function answerChart(u: Understanding, text: string): Promise<BotReply> {
    const words = withoutChartWords(questionText(u, text));
    const q = readQuestion(words, text);
    const key = matchIndicators(words)[0]?.key;
    const series = key ? chatSeries((await index.all()).all, key, q.measure === "difference" ? undefined : q.measure) : null;
    if (!series || series.chart.length < MIN_CHART_POINTS) {
      // Nothing to draw: say so, then answer as the figure question it also is.
      const said = await answerQuestion(q);
      const what = series ? ` ${lowerFirst(series.indicator.name)}` : " này";
      const why = `Chưa đủ số liệu để vẽ biểu đồ${what}: các báo cáo đã lưu chưa có số liệu của ít nhất hai kỳ so sánh được với nhau.`;
      return { intent: said.intent, text: `${why}\n\n${said.text}` };
    }
    return { intent: "figure_chart", text: chartText(series), chart: chartSpecOf(series) };
  }

  return {
    async claims(u, text) {
      if (text.trim().startsWith("/")) return false;
      const words = questionText(u, text);
      // A chart of something the figures know is theirs, whatever else the words resemble.
      if (isChartRequest(text) && (matchIndicators(withoutChartWords(words))[0]?.score ?? 0) >= 2) return true;
      const asksNumber = ASKS_NUMBER.test(words);
      const indicator = (matchIndicators(words)[0]?.score ?? 0) >= INDICATOR_OVERRIDE_SCORE;
      // Out of scope, a question for a number is one for the figures: at worst they say they have none.
      if (u.intent === "out_of_scope") return asksNumber || indicator;
      if (u.confidence < 1 && indicator) return true;
      // Otherwise a report must state what the message names, and the surer the other intent, the
      // more: settled by a keyword ("đường dây nóng", "giấy phép"), only a question for a number.
      const needed = u.confidence >= 1 ? (asksNumber ? CLAIM_OVER_KEYWORD : Infinity) : asksNumber ? MIN_CLAIM_COVERAGE : CLAIM_OVER_KEYWORD;
      if (needed === Infinity) return false;
      const q = readQuestion(words, text);
      if (q.words.length === 0) return false;
      const s = selectFact({ ...q, period: null, yearless: false }, await index.all());
      return s.kind === "answer" && coverage(q.words, s.chosen).score >= (q.unitKind ? MIN_CLAIM_COVERAGE : needed);
    },
    async answer(u, request) {
      if (isChartRequest(request.text)) return answerChart(u, request.text);
      return answerQuestion(readQuestion(questionText(u, request.text), request.text));
    },
  };
}
