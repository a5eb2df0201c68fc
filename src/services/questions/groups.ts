import type { Db } from "../db.ts";

// The unanswered questions as staff see them: one group per key (group-key.ts), the most asked
// first. A group is open while it holds a question no one has dealt with; marking it done, or
// teaching the bot its words, closes the questions it holds then. The same question asked later
// opens the group again: the bot still did not answer it.

export type GroupStatus = "open" | "done";

export interface QuestionGroup {
  key: string;
  count: number;
  lastAskedAt: Date;
  /** A few different texts, the latest first. */
  examples: string[];
  channels: string[];
  reasons: string[];
  /** For closed groups: how the last of them was dealt with ("done", "unit:<slug>", "intent:<intent>"). */
  resolution: string | null;
}

export const GROUPS_PER_PAGE = 50;
const EXAMPLES_PER_GROUP = 3;

/**
 * A group's different texts, the latest first, except that those written with diacritics come
 * before those without: the first one heads the group and offers its words to staff.
 */
export function examplesOf(texts: string[]): string[] {
  const distinct = [...new Set(texts)];
  const marked = (t: string) => /[\p{M}đĐ]/u.test(t.normalize("NFD"));
  return [...distinct.filter(marked), ...distinct.filter((t) => !marked(t))].slice(0, EXAMPLES_PER_GROUP);
}

export async function listQuestionGroups(db: Db, status: GroupStatus): Promise<{ groups: QuestionGroup[]; total: number }> {
  const where = { resolvedAt: status === "open" ? null : { not: null } };
  const counted = await db.unansweredQuestion.groupBy({ by: ["groupKey"], where, _count: { _all: true }, _max: { askedAt: true } });
  // A done group asked again is open: it is listed there, not here.
  let rows = counted;
  if (status === "done" && counted.length > 0) {
    const open = new Set((await db.unansweredQuestion.findMany({ where: { resolvedAt: null }, select: { groupKey: true }, distinct: ["groupKey"] })).map((q) => q.groupKey));
    rows = counted.filter((g) => !open.has(g.groupKey));
  }
  rows.sort((a, b) => b._count._all - a._count._all || b._max.askedAt!.getTime() - a._max.askedAt!.getTime() || a.groupKey.localeCompare(b.groupKey));
  const page = rows.slice(0, GROUPS_PER_PAGE);
  const questions = await db.unansweredQuestion.findMany({
    where: { ...where, groupKey: { in: page.map((g) => g.groupKey) } },
    orderBy: [{ askedAt: "desc" }, { id: "desc" }],
    select: { groupKey: true, text: true, channel: true, reason: true, resolution: true },
  });
  const groups = page.map((g): QuestionGroup => {
    const mine = questions.filter((q) => q.groupKey === g.groupKey);
    return {
      key: g.groupKey,
      count: g._count._all,
      lastAskedAt: g._max.askedAt!,
      examples: examplesOf(mine.map((q) => q.text)),
      channels: [...new Set(mine.map((q) => q.channel))].sort(),
      reasons: [...new Set(mine.map((q) => q.reason))].sort(),
      resolution: mine[0]?.resolution ?? null,
    };
  });
  return { groups, total: rows.length };
}

/** The open group's latest text, or null when the group has no open question. */
export async function latestOpenText(db: Db, key: string): Promise<string | null> {
  const q = await db.unansweredQuestion.findFirst({ where: { groupKey: key, resolvedAt: null }, orderBy: [{ askedAt: "desc" }, { id: "desc" }], select: { text: true } });
  return q?.text ?? null;
}

/** Closes a group's open questions; returns how many. */
export async function resolveGroup(db: Db, key: string, resolution: string, now: Date): Promise<number> {
  const { count } = await db.unansweredQuestion.updateMany({ where: { groupKey: key, resolvedAt: null }, data: { resolvedAt: now, resolution } });
  return count;
}
