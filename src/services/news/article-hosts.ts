// Which article links of a source the crawler fetches. A feed is the source's own word about its
// own articles; a link to some other site (a compromised feed, a planted listing entry) is not
// fetched and stored as the source's report. The rule, by host name only (ports and schemes do not
// matter, the safe fetch judges addresses):
//   - the source's host, or any subdomain of it, where a leading "www." does not count: a source on
//     www.sct.gov.vn allows sct.gov.vn and tintuc.sct.gov.vn, not gov.vn or other.gov.vn;
//   - the same for each host the source lists in "allowHosts".
// Telling registrable domains apart would need the public suffix list; the rule above needs none
// and errs on the side of fetching less.

const siteOf = (host: string) =>
  host
    .toLowerCase()
    .replace(/\.$/, "")
    .replace(/^www\./, "");

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/** True when `link` may be fetched as an article of the source at `sourceUrl`. */
export function isSourceArticle(link: string, sourceUrl: string, allowHosts: readonly string[] = []): boolean {
  const host = hostOf(link);
  const own = hostOf(sourceUrl);
  if (!host) return false;
  const linkSite = siteOf(host);
  return [own, ...allowHosts]
    .filter((h): h is string => Boolean(h))
    .map(siteOf)
    .some((site) => linkSite === site || linkSite.endsWith(`.${site}`));
}
