// A department's "Tin tức" page, read with the CSS selectors configured for that site. Such pages
// carry relative links and day-only dates ("(Cập nhật: 23/10/2023)").
import * as cheerio from "cheerio";
import { checkMarkupLimits } from "../parsing/markup-limits.ts";
import { vietnamDay } from "../reports/parse.ts";
import { tidy } from "../text/fold.ts";
import { cutText } from "../text/markup-text.ts";
import { TITLE_INPUT_MAX, type RawItem } from "./parse-feed.ts";
import type { ListingSelectors } from "./sources.ts";

const DMY = /(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/;

/** The first dd/mm/yyyy in a text, as midnight of that day in Vietnam. */
export function parseViDate(text: string): Date | undefined {
  const m = DMY.exec(text);
  return (m && vietnamDay(Number(m[3]), Number(m[2]), Number(m[1]))) || undefined;
}

function absolute(href: string | undefined, pageUrl: string): string | undefined {
  const value = href?.trim();
  if (!value || /^(?:javascript|mailto|tel):/i.test(value) || value.startsWith("#")) return undefined;
  try {
    const url = new URL(value, pageUrl);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Items of a listing page. Selectors for link, title and date are looked up inside each item; a
 * link selector that matches the item element itself (an `<a class="item">`) is allowed too.
 */
export function parseListing(html: string, pageUrl: string, selectors: ListingSelectors): RawItem[] {
  checkMarkupLimits(html);
  const $ = cheerio.load(html);
  // Some CMSs set <base href>, which is what browsers resolve the relative links against.
  const base = absolute($("base[href]").first().attr("href"), pageUrl) ?? pageUrl;
  const items: RawItem[] = [];
  $(selectors.item).each((_, element) => {
    const el = $(element);
    const pick = (selector: string) => (el.is(selector) ? el : el.find(selector).first());
    const link = pick(selectors.link);
    const href = link.is("a, area") ? link.attr("href") : (link.find("a[href]").first().attr("href") ?? link.attr("href"));
    const title = tidy(cutText(pick(selectors.title).text(), TITLE_INPUT_MAX)) || tidy(cutText(link.text(), TITLE_INPUT_MAX));
    if (!title) return;
    const item: RawItem = { title };
    const url = absolute(href, base);
    if (url) item.url = url;
    if (selectors.date) {
      const publishedAt = parseViDate(tidy(pick(selectors.date).text()));
      if (publishedAt) item.publishedAt = publishedAt;
    }
    items.push(item);
  });
  return items;
}
