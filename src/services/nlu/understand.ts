import { normalizeWords } from "./normalize.ts";
import { createTypoFixer } from "./typos.ts";
import { trainIntentClassifier } from "./intent-classifier.ts";
import { findPhrase, hasAnyPhrase } from "./phrases.ts";
import { createDomainCheck } from "./domain-anchors.ts";

export type TrainingData = Record<string, string[]>;

export interface UnitNames {
  slug: string;
  /** Names and aliases as people write them; normalised here. */
  names: string[];
}

export interface Understanding {
  intent: string;
  confidence: number;
  /** The normalised words, for handlers that look for more (indicators, periods). */
  words: string[];
  /** The unit asked about, when the message names one. */
  unitSlug?: string;
  /**
   * Whether the message is about the unit itself (its name and little else, or words such as
   * "liên hệ", "địa chỉ"), rather than naming it inside another topic ("đề án khuyến công").
   */
  aboutUnit?: boolean;
}

const CONTACT_CUES = ["lien he", "lien lac", "dia chi", "o dau", "thong tin", "website", "trang web", "gio lam viec", "tru so"];

const COMMANDS: Record<string, string> = {
  start: "help", help: "help", batdau: "help", huongdan: "help", trogiup: "help",
  lienhe: "contact_all", sdt: "contact_phone", dienthoai: "contact_phone", email: "contact_email", donvi: "unit_list",
  dangky: "subscribe", subscribe: "subscribe", huy: "unsubscribe", unsubscribe: "unsubscribe", huydangky: "unsubscribe",
  caidat: "settings", settings: "settings", tinmoi: "latest_news", thongke: "staff_stats", guitin: "announce",
};

// Administrative procedures are the department's business but not the bot's: it points to people.
const PROCEDURE = ["thu tuc", "giay phep", "cap phep", "dich vu cong", "nop ho so", "ho so xin"];
const FAX = ["fax"];

// Alerts: stopping is checked before starting, since "hủy đăng ký nhận tin" holds both.
const UNSUBSCRIBE = ["huy dang ky", "huy nhan tin", "ngung gui tin", "ngung nhan tin", "dung gui tin", "dung nhan tin", "khong nhan tin nua", "bo dang ky", "thoi nhan tin", "khong muon nhan tin", "tat thong bao", "bo theo doi"];
const SUBSCRIBE = ["dang ky nhan tin", "dang ky nhan thong bao", "dang ky tin", "muon nhan tin", "nhan tin moi", "theo doi tin", "dang ky theo doi", "nhan thong bao", "bao cho toi khi co tin"];
const LATEST = ["tin moi nhat", "tin tuc moi", "ban tin moi", "5 tin moi", "nam tin moi", "tin moi"];

// Words that settle the intent whatever else the message says.
const EMAIL = ["email", "thu dien tu", "hop thu"];
const PHONE = ["dien thoai", "duong day nong", "so may", "goi dien", "phone", "tong dai", "so lien lac", "nhac may", "goi cho", "goi trung tam", "goi so", "goi duoc", "goi toi", "goi den", "goi ve", "muon goi"];

export function createUnderstander({ training, units, extraKnownPhrases = [] }: { training: TrainingData; units: UnitNames[]; extraKnownPhrases?: string[] }) {
  const examples = Object.entries(training)
    .filter(([intent]) => !intent.startsWith("_"))
    .flatMap(([intent, sentences]) => sentences.map((s) => ({ intent, words: normalizeWords(s) })));
  const unitPhrases = units.flatMap((u) => u.names.map((n) => ({ slug: u.slug, words: normalizeWords(n) })));
  const fixTypos = createTypoFixer([...examples.map((e) => e.words), ...unitPhrases.map((u) => u.words), ...extraKnownPhrases.map(normalizeWords)]);
  const classify = trainIntentClassifier(examples);
  // A message that is, once normalised, one of the training sentences needs no guessing: short
  // ones ("bạn là ai") are made only of words too common to tell the domain by.
  const known = new Map(examples.map((e) => [e.words.join(" "), e.intent]));
  const isInDomain = createDomainCheck([...examples, ...unitPhrases.map((u) => ({ intent: "unit", words: u.words }))]);

  function findUnit(words: string[]): { unitSlug?: string; aboutUnit?: boolean } {
    let best: { slug: string; length: number } | undefined;
    for (const phrase of unitPhrases) {
      if (phrase.words.length > (best?.length ?? 0) && findPhrase(words, phrase.words) >= 0) best = { slug: phrase.slug, length: phrase.words.length };
    }
    if (!best) return {};
    return { unitSlug: best.slug, aboutUnit: best.length / words.length >= 0.6 || hasAnyPhrase(words, CONTACT_CUES) };
  }

  return function understand(text: string): Understanding {
    const trimmed = text.trim();
    const command = /^\/([a-z_]+)/i.exec(trimmed)?.[1]?.toLowerCase();
    if (command) return { intent: COMMANDS[command] ?? "help", confidence: 1, words: [] };
    const words = fixTypos(normalizeWords(trimmed));
    if (words.length === 0) return { intent: "empty", confidence: 1, words };
    if (hasAnyPhrase(words, UNSUBSCRIBE)) return { intent: "unsubscribe", confidence: 1, words };
    if (hasAnyPhrase(words, SUBSCRIBE)) return { intent: "subscribe", confidence: 1, words };
    if (hasAnyPhrase(words, LATEST)) return { intent: "latest_news", confidence: 1, words };
    const unit = findUnit(words);
    if (hasAnyPhrase(words, EMAIL)) return { intent: "contact_email", confidence: 1, words, ...unit };
    if (hasAnyPhrase(words, PHONE)) return { intent: "contact_phone", confidence: 1, words, ...unit };
    if (hasAnyPhrase(words, FAX)) return { intent: "contact_all", confidence: 1, words, ...unit };
    if (hasAnyPhrase(words, PROCEDURE)) return { intent: "procedure", confidence: 1, words, ...unit };
    const exact = known.get(words.join(" "));
    if (exact) return { intent: exact, confidence: 1, words, ...unit };
    if (!unit.unitSlug && !isInDomain(words)) return { intent: "out_of_scope", confidence: 1, words };
    return { ...classify(words), words, ...unit };
  };
}
