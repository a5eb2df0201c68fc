// Feed titles and summaries full of "&lt;": tag stripping used to be quadratic on them (three
// titles of 50,000 took 5 s, 5 MB would take hours). Now they are cut first and read linearly.
import { afterAll, describe, expect, it } from "vitest";
import { parseFeed, SUMMARY_INPUT_MAX, TITLE_INPUT_MAX } from "../../../src/services/news/parse-feed.ts";
import { parseListing } from "../../../src/services/news/parse-listing.ts";
import { closeParseWorker, parseInWorker } from "../../../src/services/parsing/parse-in-worker.ts";
import { whileAwaiting } from "../../support/event-loop.ts";

afterAll(() => closeParseWorker());

let n = 0;
const item = (title: string, description = "Nội dung") =>
  `<item><title>${title}</title><link>https://sct.example/tin/${++n}.html</link><description>${description}</description></item>`;
const feed = (items: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>Tin tức</title>${items.join("")}</channel></rss>`;
/** Generous: the linear code takes well under a second; the quadratic one took seconds to hours. */
const QUICK_MS = 5_000;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe("feed titles and summaries made of entities", () => {
  it("reads titles of 50,000 “&lt;” quickly and cuts them", async () => {
    const { value: items, ms } = await timed(() => parseFeed(feed([1, 2, 3].map(() => item("&lt;".repeat(50_000))))));
    expect(items).toHaveLength(3);
    for (const it of items) expect(it.title).toBe("<".repeat(TITLE_INPUT_MAX));
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("reads a 5 MB title of “&lt;” in the worker, the main thread running meanwhile", async () => {
    const xml = feed([item(`Tin &lt;b&gt;mới&lt;/b&gt; ${"&lt;".repeat(1_200_000)}`), item("Tin thường")]);
    expect(xml.length).toBeGreaterThan(4_800_000);
    const r = await whileAwaiting(() => parseInWorker("feed", xml));
    expect(r.outcome.status).toBe("fulfilled");
    const items = (r.outcome as PromiseFulfilledResult<Awaited<ReturnType<typeof parseFeed>>>).value;
    expect(items[0].title.startsWith("Tin mới <<<")).toBe(true);
    expect(items[0].title.length).toBeLessThanOrEqual(TITLE_INPUT_MAX);
    expect(items[1].title).toBe("Tin thường");
    // Bounded, not minutes; includes starting the worker on a busy machine.
    expect(r.elapsedMs).toBeLessThan(20_000);
    expect(r.maxGapMs).toBeLessThan(1_000);
  });

  it("reads summaries of unclosed tags quickly (rss-parser's own snippet regex took 4 s on one)", async () => {
    const { value: items, ms } = await timed(() => parseFeed(feed([item("Tin một", "&lt;p".repeat(20_000)), item("Tin hai", `Mở đầu. ${"&lt;".repeat(200_000)}`)])));
    expect(items.map((i) => i.title)).toEqual(["Tin một", "Tin hai"]);
    expect(items[1].summary!.startsWith("Mở đầu. <<<")).toBe(true);
    expect(items[1].summary!.length).toBeLessThanOrEqual(501);
    expect(ms).toBeLessThan(QUICK_MS);
  });

  it("keeps a summary whose text lies within the first SUMMARY_INPUT_MAX characters whole", async () => {
    const text = "Giá trị sản xuất tăng 5,1%.";
    const [it] = await parseFeed(feed([item("Tin", `<![CDATA[<p style="${"x".repeat(SUMMARY_INPUT_MAX - 200)}">${text}</p>]]>`)]));
    expect(it.summary).toBe(text);
  });
});

describe("listing titles", () => {
  it("cuts a title element holding a whole page of text", () => {
    const page = `<ul><li class="tin"><a href="/a">${"Tin dài ".repeat(10_000)}</a></li></ul>`;
    const [it] = parseListing(page, "https://sct.example/", { item: "li.tin", link: "a", title: "a" });
    expect(it.title.length).toBeLessThanOrEqual(TITLE_INPUT_MAX);
    expect(it.url).toBe("https://sct.example/a");
  });
});
