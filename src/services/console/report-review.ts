// What staff change on a report in the console: a figure's value corrected, a figure hidden or
// shown again, the report marked reviewed. Each change also moves the report's updatedAt, which is
// how the bot's fact index (services/figures/lookup.ts) knows to reload before the next answer.
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "../db.ts";
import { parseViNumber } from "../figures/numbers.ts";

type Tx = Prisma.TransactionClient;

export interface StaffAction {
  staffId: string;
  at: Date;
}

/**
 * Moves the report's updatedAt past every report's, so the index's stamp (count, latest updatedAt)
 * changes even when two edits fall in the same millisecond.
 */
async function touchReport(tx: Tx, reportId: number): Promise<void> {
  const latest = await tx.report.aggregate({ _max: { updatedAt: true } });
  const after = (latest._max.updatedAt?.getTime() ?? 0) + 1;
  await tx.report.update({ where: { id: reportId }, data: { updatedAt: new Date(Math.max(Date.now(), after)) } });
}

/**
 * A value as staff type it, in the figure's own unit and scale: "1.234,5", "1234.5", "-2,3".
 * Null for anything else (a scale word or a unit typed with it too: the form shows them beside).
 */
export function readCorrection(text: string): string | null {
  const t = text.trim().replace(/\s+/g, "");
  if (!/^[+-]?\d[\d.,]*$/.test(t)) return null;
  return parseViNumber(t);
}

export type FigureChange = { ok: true; reportId: number } | { ok: false; reason: "not_found" | "bad_value" };

/** Sets a figure's value; the extracted one is kept once in `originalValue`. Typing the extracted value back undoes the correction. */
export async function correctFigure(db: Db, figureId: number, text: string, { staffId, at }: StaffAction): Promise<FigureChange> {
  const value = readCorrection(text);
  if (value === null) return { ok: false, reason: "bad_value" };
  return db.$transaction(async (tx) => {
    const figure = await tx.figure.findUnique({ where: { id: figureId } });
    if (!figure) return { ok: false, reason: "not_found" } as const;
    const original = figure.originalValue ?? figure.value;
    const data =
      value === original ? { value, originalValue: null, correctedBy: null, correctedAt: null } : { value, originalValue: original, correctedBy: staffId, correctedAt: at };
    await tx.figure.update({ where: { id: figureId }, data });
    await touchReport(tx, figure.reportId);
    return { ok: true, reportId: figure.reportId } as const;
  });
}

/** Hides a figure from the bot and the figures explorer, or shows it again. */
export async function setFigureHidden(db: Db, figureId: number, hidden: boolean): Promise<FigureChange> {
  return db.$transaction(async (tx) => {
    const figure = await tx.figure.findUnique({ where: { id: figureId }, select: { reportId: true } });
    if (!figure) return { ok: false, reason: "not_found" } as const;
    await tx.figure.update({ where: { id: figureId }, data: { hidden } });
    await touchReport(tx, figure.reportId);
    return { ok: true, reportId: figure.reportId } as const;
  });
}

/** Marks the report reviewed: from now on its (visible) figures are answered. False when there is no such report. */
export async function markReviewed(db: Db, reportId: number, { staffId, at }: StaffAction): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const found = await tx.report.findUnique({ where: { id: reportId }, select: { id: true } });
    if (!found) return false;
    await tx.report.update({ where: { id: reportId }, data: { awaitingReview: false, reviewedBy: staffId, reviewedAt: at } });
    await touchReport(tx, reportId);
    return true;
  });
}
