// Which items a subscriber wants. Keywords are plain words, never patterns: a regular expression
// typed by a user could hang the crawler. Comparison is on folded text, so "xuat khau" written
// without diacritics matches "Xuất khẩu".
import { fold, foldedWords, tidy } from "../text/fold.ts";

export interface SubscriberFilters {
  topics: string[];
  keywords: string[];
}

export interface FilterableItem {
  title: string;
  summary?: string | null;
  topic?: string | null;
}

export const MAX_KEYWORDS = 20;
const MAX_KEYWORD_LENGTH = 60;

export class KeywordError extends Error {}

/** A keyword as a run of folded words, padded so it only matches whole words. */
const phrase = (keyword: string) => ` ${foldedWords(keyword).join(" ")} `;

/**
 * Topics empty means every topic. Exclusions ("!xăng") win over everything; when include words are
 * present at least one must appear in the title or summary.
 */
export function matchesFilters(sub: SubscriberFilters, item: FilterableItem): boolean {
  if (sub.topics.length > 0) {
    const topic = item.topic ? fold(tidy(item.topic)) : null;
    if (!topic || !sub.topics.some((t) => fold(tidy(t)) === topic)) return false;
  }
  const text = ` ${foldedWords(`${item.title} ${item.summary ?? ""}`).join(" ")} `;
  const include: string[] = [];
  for (const keyword of sub.keywords) {
    const excluded = keyword.startsWith("!");
    const words = phrase(excluded ? keyword.slice(1) : keyword);
    if (words.trim() === "") continue;
    if (excluded && text.includes(words)) return false;
    if (!excluded) include.push(words);
  }
  return include.length === 0 || include.some((words) => text.includes(words));
}

/**
 * A subscriber's keyword list as typed ("điện, xuất khẩu, !xăng"): comma, semicolon or line
 * separated, kept with diacritics for display, lower case, without duplicates. Throws KeywordError
 * with a message for the user.
 */
export function parseKeywords(text: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.normalize("NFC").split(/[,;\n]+/)) {
    const entry = tidy(raw).toLowerCase();
    if (!entry) continue;
    const excluded = entry.startsWith("!");
    const words = tidy(excluded ? entry.slice(1) : entry);
    if (!words || !/^[\p{L}\p{M}\p{N} ]+$/u.test(words)) {
      throw new KeywordError(`Từ khóa "${tidy(raw)}" không hợp lệ: chỉ dùng chữ, số và khoảng trắng; thêm "!" ở đầu để loại trừ (ví dụ: !xăng).`);
    }
    if (words.length > MAX_KEYWORD_LENGTH) {
      throw new KeywordError(`Từ khóa "${words}" quá dài (tối đa ${MAX_KEYWORD_LENGTH} ký tự).`);
    }
    const keyword = excluded ? `!${words}` : words;
    const id = (excluded ? "!" : "") + foldedWords(words).join(" ");
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(keyword);
  }
  if (out.length > MAX_KEYWORDS) throw new KeywordError(`Tối đa ${MAX_KEYWORDS} từ khóa, bạn đã nhập ${out.length}.`);
  return out;
}

/** Subscriber.topics / Subscriber.keywords are JSON arrays of strings; anything else reads as empty. */
export function readList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}
