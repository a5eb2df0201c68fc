import type { Db } from "../services/db.ts";
import { DERIVED, indicatorByKey, matchIndicators } from "../services/figures/indicators.ts";
import { figuresInReport, latestFiguresPerPeriod, selectFigure, type FigureRow } from "../services/figures/lookup.ts";
import { parsePeriod } from "../services/figures/periods.ts";
import { createSentenceSearch } from "../services/reports/sentence-search.ts";
import type { FigureAnswerer } from "./answer.ts";
import type { Understanding } from "../services/nlu/understand.ts";
import { figureNotes, figurePeriod, figureValue, sourceLine } from "./figure-text.ts";
import type { BotReply } from "./types.ts";

/**
 * Once the classifier says "figure", an indicator is named when its best match scores at least
 * this (see matchIndicators): one compound word such as "xuất khẩu" found as written.
 */
export const INDICATOR_MIN_SCORE = 2;
/**
 * To overrule the classifier a question needs more: two words found in order. Folding makes
 * "cho sở" (to the department) and "số chợ" (number of markets) the same words in another order.
 */
export const INDICATOR_OVERRIDE_SCORE = 3;
/**
 * A message judged out of the bot's domain is claimed by the same standard: words found in order
 * ("chuyển đổi số", "bao nhiêu chợ"), never scattered ones ("chợ" folds to "cho").
 */
export const INDICATOR_RESCUE_SCORE = 3;
const MAX_OTHER_PERIODS = 6;

// The understood words carry the typo repairs and expansions of the NLU ("xaut" → "xuat").
const indicatorQuery = (u: Understanding, text: string) => (u.words.length > 0 ? u.words.join(" ") : text);
const upperFirst = (s: string) => s.charAt(0).toLocaleUpperCase("vi") + s.slice(1);
const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase("vi") + s.slice(1);
const baseOf = (key: string) => indicatorByKey(key)?.base ?? key;
const familyOf = (base: string) => [base, ...Object.keys(DERIVED).map((suffix) => `${base}.${suffix}`)];

function headline(f: FigureRow): string {
  return `📊 ${f.indicatorName}, ${figurePeriod(f)}${figureNotes(f)}: ${figureValue(f)}`;
}

/** The figure, the related figures from the same report and period, the source, the other periods. */
function figureReply(chosen: FigureRow, sameReport: FigureRow[], others: FigureRow[], note = ""): BotReply {
  const lines = [note + headline(chosen)];
  const related = sameReport.filter((f) => f.indicator !== chosen.indicator && f.periodLabel === chosen.periodLabel);
  const baseName = indicatorByKey(baseOf(chosen.indicator))?.name ?? chosen.indicatorName;
  for (const f of related) lines.push(`• ${upperFirst(f.indicatorName.replace(`${baseName} – `, ""))}: ${figureValue(f)}${figureNotes(f)}`);
  lines.push("", sourceLine(chosen.report));
  if (others.length) {
    lines.push("", "Các kỳ khác có số liệu:");
    for (const f of others.slice(-MAX_OTHER_PERIODS)) lines.push(`• ${figurePeriod(f)}: ${figureValue(f)}${figureNotes(f)}`);
  }
  return { intent: "figure", text: lines.join("\n") };
}

export function createFigureAnswerer(db: Db): FigureAnswerer {
  const bestSentence = createSentenceSearch(db);

  async function answerIndicator(key: string, text: string): Promise<BotReply> {
    const base = baseOf(key);
    let rows = await latestFiguresPerPeriod(db, [key]);
    const asked = parsePeriod(text);
    const name = indicatorByKey(key)?.name ?? key;
    if (rows.length === 0) rows = await latestFiguresPerPeriod(db, familyOf(base));
    let own = rows.filter((r) => r.indicator === key);
    let note = "";
    // Asked for a growth rate that is not on record, the indicator itself answers, and the other
    // way round ("điện thương phẩm" when only its growth is reported); the reply says which.
    const fallback = key !== base ? [base] : familyOf(base).slice(1);
    for (const other of fallback) {
      if (own.length > 0) break;
      own = rows.filter((r) => r.indicator === other);
      if (own.length) note = `Các báo cáo đã lưu chưa có số liệu “${lowerFirst(name)}”; có số liệu liên quan:\n`;
    }
    if (own.length === 0) return { intent: "figure_none", text: `Các báo cáo đã lưu chưa có số liệu về ${lowerFirst(name)}.` };
    const { chosen, others } = selectFigure(own, asked);
    if (!chosen) {
      const periods = others.map(figurePeriod).join("; ");
      return { intent: "figure_none", text: `Chưa có số liệu ${lowerFirst(own[0].indicatorName)} cho ${asked!.label}. Các kỳ có số liệu: ${periods}.` };
    }
    const related = await figuresInReport(db, familyOf(base), chosen.report.id);
    return figureReply(chosen, related, asked ? [] : others, note);
  }

  return {
    claims(u, text) {
      // Intents settled by keywords or commands (confidence 1) are never claimed, except out of scope.
      const needed = u.confidence < 1 ? INDICATOR_OVERRIDE_SCORE : u.intent === "out_of_scope" ? INDICATOR_RESCUE_SCORE : Infinity;
      return (matchIndicators(indicatorQuery(u, text))[0]?.score ?? 0) >= needed;
    },
    async answer(u, request) {
      const [best] = matchIndicators(indicatorQuery(u, request.text));
      if (best && best.score >= INDICATOR_MIN_SCORE) return answerIndicator(best.key, request.text);
      const hit = await bestSentence(request.text);
      if (!hit) return { intent: "figure_none", text: "Các báo cáo đã lưu chưa có số liệu nào khớp với câu hỏi này." };
      return { intent: "figure_quote", text: `Tôi chưa có số liệu tách sẵn cho câu hỏi này; báo cáo gần nhất có nhắc:\n“${hit.sentence}”\n\n${sourceLine(hit.report)}` };
    },
  };
}
