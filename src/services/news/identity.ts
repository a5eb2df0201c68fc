// What makes two sightings of an item the same item. Keys are prefixed by how they were made so a
// GUID can never collide with a URL or a hash. Dates are never part of a key: department sites
// show day-resolution "Cập nhật" dates that change when an article is edited.
import { createHash } from "node:crypto";
import { tidy } from "../text/fold.ts";
import type { RawItem } from "./parse-feed.ts";

const TRACKING_PARAM = /^(?:utm_.*|fbclid)$/i;

/**
 * The form of a link used for identity: host in lower case, no fragment, no tracking parameters,
 * sorted query, no trailing slash, and no scheme, so a site moving to https does not re-announce
 * its whole feed. Null for anything that is not an http(s) URL.
 */
export function normaliseUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  const params = [...parsed.searchParams].filter(([name]) => !TRACKING_PARAM.test(name));
  params.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const query = new URLSearchParams(params).toString();
  const path = parsed.pathname.replace(/\/+$/, "");
  return `//${parsed.host.toLowerCase()}${path}${query ? `?${query}` : ""}`;
}

export function contentKey(item: Pick<RawItem, "title" | "summary">): string {
  const hash = createHash("sha256")
    .update(tidy(item.title))
    .update("\n")
    .update(tidy(item.summary ?? ""))
    .digest("hex");
  return `hash:${hash}`;
}

/** GUID, else normalised URL, else a hash of title and summary. */
export function itemKey(item: RawItem, trustGuid = true): string {
  const guid = item.guid?.trim();
  if (guid && trustGuid) return `guid:${guid}`;
  const url = item.url ? normaliseUrl(item.url) : null;
  return url ? `url:${url}` : contentKey(item);
}

export interface KeyedItem {
  key: string;
  item: RawItem;
}

/**
 * Keys for one fetch of a source, each key once (first occurrence kept). A GUID shared by items
 * with different links or titles is a broken feed (some CMSs give every entry the same GUID), so
 * those items fall back to their URL or content instead of collapsing into one.
 */
export function keyItems(items: RawItem[]): KeyedItem[] {
  const seenWith = new Map<string, string>();
  const broken = new Set<string>();
  for (const item of items) {
    const guid = item.guid?.trim();
    if (!guid) continue;
    const fingerprint = item.url ? (normaliseUrl(item.url) ?? item.url) : tidy(item.title);
    const earlier = seenWith.get(guid);
    if (earlier === undefined) seenWith.set(guid, fingerprint);
    else if (earlier !== fingerprint) broken.add(guid);
  }
  const out: KeyedItem[] = [];
  const keys = new Set<string>();
  for (const item of items) {
    const key = itemKey(item, !broken.has(item.guid?.trim() ?? ""));
    if (keys.has(key)) continue;
    keys.add(key);
    out.push({ key, item });
  }
  return out;
}
