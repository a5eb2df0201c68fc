// Which sites are polled for news. Configuration names the sources; the NewsSource rows keep their
// fetch state. NewsSource has no column for listing selectors, so the configured definitions are
// also kept in one Setting row, which tells the crawler what to poll and how to read listing pages.
import { z } from "zod";
import type { Db } from "../db.ts";
import { isHostName } from "../http/address-policy.ts";

export interface ListingSelectors {
  item: string;
  link: string;
  title: string;
  date?: string;
}

export interface SourceDef {
  url: string;
  kind: "feed" | "html";
  name?: string;
  topic?: string;
  /** The department's own site: its articles' figures count as authoritative. */
  official?: boolean;
  selectors?: ListingSelectors;
  /**
   * Other hosts whose article links are fetched; by default only the source's own host and its
   * subdomains are (see article-hosts.ts).
   */
  allowHosts?: string[];
}

/** Setting key holding the configured `SourceDef[]` as JSON. */
export const SOURCES_SETTING = "news.sources";

export class SourceConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình nguồn tin không hợp lệ:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

const required = (what: string) => (iss: { input?: unknown }) => (iss.input === undefined ? "là bắt buộc" : `phải là ${what}`);
const text = z
  .string({ error: required("chuỗi") })
  .trim()
  .min(1, "không được để trống");
const httpUrl = z
  .string({ error: required("chuỗi") })
  .trim()
  .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), "phải là địa chỉ http(s) đầy đủ");
const objectError = (iss: { code?: string; keys?: string[] }) =>
  iss.code === "unrecognized_keys"
    ? `không có trường ${iss.keys?.map((k) => `"${k}"`).join(", ")}`
    : iss.code === "invalid_type"
      ? "phải là một đối tượng JSON { ... }"
      : undefined;

const entrySchema = z
  .strictObject(
    {
      url: httpUrl,
      kind: z.enum(["feed", "html"], { error: required('"feed" hoặc "html"') }),
      name: text.optional(),
      topic: text.optional(),
      official: z.boolean({ error: required("true hoặc false") }).optional(),
      selectors: z.strictObject({ item: text, link: text, title: text, date: text.optional() }, { error: objectError }).optional(),
      allowHosts: z.array(text.refine(isHostName, "phải là tên miền, chẳng hạn baocongthuong.vn"), { error: required('danh sách tên miền ["..."]') }).optional(),
    },
    { error: objectError },
  )
  .refine((e) => e.kind !== "html" || e.selectors, { message: "bắt buộc với nguồn kiểu html: { item, link, title, date? }", path: ["selectors"] });

/** One spelling per source, so the env list and the file name the same row. */
function canonicalUrl(url: string): string {
  return new URL(url.trim()).href;
}

/**
 * Reads `NEWS_SOURCES` (URLs separated by commas or whitespace, taken as feeds) and the content of
 * `NEWS_SOURCES_FILE`. A URL in both is described by the file. Throws SourceConfigError listing
 * every bad entry.
 */
export function parseSourceList(envValue: string, fileContent: string | null): SourceDef[] {
  const problems: string[] = [];
  const byUrl = new Map<string, SourceDef>();
  for (const raw of envValue.split(/[\s,]+/).filter(Boolean)) {
    const parsed = httpUrl.safeParse(raw);
    if (!parsed.success) problems.push(`NEWS_SOURCES "${raw}": ${parsed.error.issues[0].message}`);
    else byUrl.set(canonicalUrl(parsed.data), { url: canonicalUrl(parsed.data), kind: "feed" });
  }
  if (fileContent !== null) {
    let entries: unknown;
    try {
      entries = JSON.parse(fileContent);
    } catch (err) {
      throw new SourceConfigError([...problems, `NEWS_SOURCES_FILE không phải JSON hợp lệ: ${(err as Error).message}`]);
    }
    if (!Array.isArray(entries)) {
      throw new SourceConfigError([...problems, "NEWS_SOURCES_FILE phải là một mảng JSON [{ url, kind, ... }]"]);
    }
    entries.forEach((entry, i) => {
      const parsed = entrySchema.safeParse(entry);
      if (!parsed.success) {
        const label = typeof (entry as { url?: unknown })?.url === "string" ? ` (${(entry as { url: string }).url})` : "";
        for (const issue of parsed.error.issues) {
          const field = issue.path.length ? `${issue.path.join(".")}: ` : "";
          problems.push(`NEWS_SOURCES_FILE mục ${i + 1}${label}: ${field}${issue.message}`);
        }
        return;
      }
      const def: SourceDef = { ...parsed.data, url: canonicalUrl(parsed.data.url) };
      if (def.kind === "feed") delete def.selectors;
      byUrl.set(def.url, def);
    });
  }
  if (problems.length) throw new SourceConfigError(problems);
  return [...byUrl.values()];
}

/**
 * Creates or updates one NewsSource row per definition, leaving etag, failures and backoff as they
 * are, and records the definitions as the set the crawler polls. Sources dropped from the
 * configuration keep their rows (their items and deliveries stay) but are no longer polled.
 */
export async function syncSources(db: Db, defs: SourceDef[]): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const def of defs) {
      const fields = { kind: def.kind, name: def.name ?? null, topic: def.topic ?? null, official: def.official ?? false };
      await tx.newsSource.upsert({ where: { url: def.url }, create: { url: def.url, ...fields }, update: fields });
    }
    const value = JSON.stringify(defs);
    await tx.setting.upsert({ where: { key: SOURCES_SETTING }, create: { key: SOURCES_SETTING, value }, update: { value } });
  });
}

/** The configured definitions by URL, or null when sources were never synced. */
export async function loadSourceDefs(db: Db): Promise<Map<string, SourceDef> | null> {
  const row = await db.setting.findUnique({ where: { key: SOURCES_SETTING } });
  if (!row) return null;
  const defs = JSON.parse(row.value) as SourceDef[];
  return new Map(defs.map((d) => [d.url, d]));
}
