// Which sites are polled for news. Configuration names the sources; each NewsSource row holds its
// definition (kind, listing selectors, allowHosts, whether it is configured) beside its fetch state.
import { z } from "zod";
import type { NewsSource } from "../../generated/prisma/client.ts";
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
 * are, and marks exactly these as the set the crawler polls. Sources dropped from the configuration
 * keep their rows (their items and deliveries stay) but are no longer polled.
 */
export async function syncSources(db: Db, defs: SourceDef[]): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.newsSource.updateMany({ where: { configured: true }, data: { configured: false } });
    for (const def of defs) {
      const s = def.selectors;
      const fields = {
        kind: def.kind,
        name: def.name ?? null,
        topic: def.topic ?? null,
        official: def.official ?? false,
        configured: true,
        itemSelector: s?.item ?? null,
        linkSelector: s?.link ?? null,
        titleSelector: s?.title ?? null,
        dateSelector: s?.date ?? null,
        allowHosts: JSON.stringify(def.allowHosts ?? []),
      };
      await tx.newsSource.upsert({ where: { url: def.url }, create: { url: def.url, ...fields }, update: fields });
    }
  });
}

/** The definition a source row holds. */
export function sourceDef(row: NewsSource): SourceDef {
  const def: SourceDef = { url: row.url, kind: row.kind as SourceDef["kind"], official: row.official, allowHosts: JSON.parse(row.allowHosts) as string[] };
  if (row.name !== null) def.name = row.name;
  if (row.topic !== null) def.topic = row.topic;
  const { itemSelector: item, linkSelector: link, titleSelector: title, dateSelector: date } = row;
  if (item && link && title) def.selectors = date ? { item, link, title, date } : { item, link, title };
  return def;
}

/** The configured feeds and listing pages, in the order they were first configured. */
export function configuredSources(db: Db): Promise<NewsSource[]> {
  return db.newsSource.findMany({ where: { configured: true, kind: { in: ["feed", "html"] } }, orderBy: { id: "asc" } });
}
