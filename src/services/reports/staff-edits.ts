// Staff corrections and hides (console /console/reports) outlive a re-read of their report: when
// the report is stored again (rereadStale after a migration, the same link sent again, a crawled
// article that changed), every figure is deleted and extracted anew, so the edits are read first
// and laid onto the new figures that are the same fact.
import type { Figure } from "../../generated/prisma/client.ts";
import type { figureRow } from "./store.ts";

type Row = ReturnType<typeof figureRow>;
export type StaffEdit = Pick<Figure, "raw" | "sentence" | "measure" | "value" | "hidden" | "originalValue" | "correctedBy" | "correctedAt">;
export type EditedRow = Row & Partial<Pick<Figure, "hidden" | "originalValue" | "correctedBy" | "correctedAt">>;

/**
 * What identifies a fact across extractions: the number as written, its sentence and what it
 * measures. Positions shift when text moves and ids are new each time, so neither is used.
 */
const keyOf = (f: Pick<Figure, "raw" | "sentence" | "measure">) => `${f.measure}\u0000${f.raw}\u0000${f.sentence}`;

export const hasEdit = (f: Pick<Figure, "hidden" | "originalValue">) => f.hidden || f.originalValue !== null;

export interface CarriedEdits {
  rows: EditedRow[];
  /** Edits whose fact the new text no longer yields. */
  dropped: number;
}

/**
 * The new rows with the old edits on the facts that match. Facts with the same key (one sentence
 * may state the same number twice) are paired in order. A corrected value stays corrected, and
 * `originalValue` becomes what the extractor reads now: if an improved extractor now reads the
 * figure right, staff still see both and may put it back. An edit whose fact is gone (that
 * sentence was rewritten or removed) is dropped: there is nothing left to hide or correct, and
 * the caller is told how many were.
 */
export function carryEdits(rows: readonly Row[], edits: readonly StaffEdit[]): CarriedEdits {
  const waiting = new Map<string, StaffEdit[]>();
  for (const e of edits.filter(hasEdit)) {
    const list = waiting.get(keyOf(e)) ?? [];
    list.push(e);
    waiting.set(keyOf(e), list);
  }
  let used = 0;
  const out = rows.map((row): EditedRow => {
    const edit = waiting.get(keyOf(row))?.shift();
    if (!edit) return row;
    used++;
    const corrected = edit.originalValue !== null;
    return {
      ...row,
      hidden: edit.hidden,
      ...(corrected && { value: edit.value, originalValue: row.value, correctedBy: edit.correctedBy, correctedAt: edit.correctedAt }),
    };
  });
  return { rows: out, dropped: edits.filter(hasEdit).length - used };
}
