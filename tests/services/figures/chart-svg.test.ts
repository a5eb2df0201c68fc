import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { barChartSvg, escapeXml, linearScale, niceTicks, tickLabel } from "../../../src/services/figures/chart-svg.ts";

// The console's SVG bar chart: well-formed XML, hostile labels escaped, scales and ticks on known
// data, and an empty series that still draws a frame saying so.

interface Node {
  name: string;
  attrs: Record<string, string>;
}

/** Parses as XML (htmlparser2 forgives; closesMatch below is the strict check of the nesting). */
function parseXml(xml: string): { elements: Node[]; texts: string[]; problems: string[] } {
  const elements: Node[] = [];
  const texts: string[] = [];
  const problems: string[] = [];
  const open: string[] = [];
  // Text arrives in pieces (around entities): one string per run between tags.
  let text = "";
  const flush = () => {
    if (text.trim()) texts.push(text);
    text = "";
  };
  const parser = new Parser(
    {
      onopentag: (name, attrs) => {
        flush();
        elements.push({ name, attrs });
        open.push(name);
      },
      onclosetag: (name) => {
        flush();
        const top = open.pop();
        if (top !== name) problems.push(`closed ${name} inside ${top}`);
      },
      ontext: (t) => {
        text += t;
      },
      onerror: (err) => problems.push(err.message),
    },
    { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(xml);
  parser.end();
  if (open.length > 0) problems.push(`left open: ${open.join(", ")}`);
  return { elements, texts, problems };
}

/** Every closing tag written in the source matches the element it closes (htmlparser2 forgives). */
function closesMatch(xml: string): boolean {
  const stack: string[] = [];
  let i = 0;
  while ((i = xml.indexOf("<", i)) !== -1) {
    const end = xml.indexOf(">", i);
    const tag = xml.slice(i + 1, end);
    i = end + 1;
    if (tag.startsWith("/")) {
      if (stack.pop() !== tag.slice(1)) return false;
    } else if (!tag.endsWith("/")) stack.push(tag.split(" ")[0]!);
  }
  return stack.length === 0;
}

const points = [
  { label: "tháng 3/2026", value: 140.5, valueText: "140,5 triệu USD" },
  { label: "tháng 4/2026", value: 151.2, valueText: "151,2 triệu USD" },
  { label: "tháng 5/2026", value: 142.37, valueText: "142,37 triệu USD" },
];

describe("scales and ticks", () => {
  it("maps the domain onto the range, upside down for the value axis", () => {
    const y = linearScale([0, 200], [280, 40]);
    expect(y(0)).toBe(280);
    expect(y(200)).toBe(40);
    expect(y(100)).toBe(160);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });

  it("gives round ticks from zero that cover the data", () => {
    expect(niceTicks(140.5, 151.2)).toEqual({ values: [0, 50, 100, 150, 200], decimals: 0 });
    expect(niceTicks(0.3, 2.2)).toEqual({ values: [0, 0.5, 1, 1.5, 2, 2.5], decimals: 1 });
    expect(niceTicks(-1.86, 8.2)).toEqual({ values: [-5, 0, 5, 10], decimals: 0 });
    expect(niceTicks(0, 0).values).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(1200, 4262.7).values.at(-1)).toBe(5000);
  });

  it("writes ticks the Vietnamese way", () => {
    expect(tickLabel(5000, 0)).toBe("5.000");
    expect(tickLabel(1.5, 1)).toBe("1,5");
    expect(tickLabel(-2, 0)).toBe("-2");
    expect(tickLabel(-0, 1)).toBe("0,0");
  });
});

describe("barChartSvg", () => {
  it("is well-formed SVG with role img, a title and a description it is labelled by", () => {
    const svg = barChartSvg(points, { id: "c1", title: "Kim ngạch xuất khẩu", description: "3 kỳ", unit: "triệu USD" });
    const { elements, texts, problems } = parseXml(svg);
    expect(problems).toEqual([]);
    expect(closesMatch(svg)).toBe(true);
    const root = elements[0]!;
    expect(root.name).toBe("svg");
    expect(root.attrs).toMatchObject({ xmlns: "http://www.w3.org/2000/svg", role: "img", "aria-labelledby": "c1-title c1-desc" });
    expect(elements.find((e) => e.name === "title")?.attrs.id).toBe("c1-title");
    expect(elements.find((e) => e.name === "desc")?.attrs.id).toBe("c1-desc");
    expect(texts).toEqual(expect.arrayContaining(["Kim ngạch xuất khẩu", "3 kỳ", "triệu USD", "tháng 3/2026", "tháng 5/2026", "tháng 4/2026: 151,2 triệu USD"]));
    // Ticks 0..200 by 50, written with Vietnamese grouping.
    expect(texts).toEqual(expect.arrayContaining(["0", "50", "100", "150", "200"]));
  });

  it("draws bars to scale: height proportional to the value, from the zero line", () => {
    const svg = barChartSvg(points, { id: "c", title: "t", description: "d", width: 640, height: 320 });
    const bars = parseXml(svg).elements.filter((e) => e.name === "rect" && e.attrs.class === "bar");
    expect(bars).toHaveLength(3);
    // Plot from y=28 to y=280 (320 - 40) for 0..200: 1.26 px per unit.
    const heights = bars.map((b) => Number(b.attrs.height));
    expect(heights[0]).toBeCloseTo(140.5 * 1.26, 0);
    expect(heights[1]).toBeCloseTo(151.2 * 1.26, 0);
    for (const b of bars) expect(Number(b.attrs.y) + Number(b.attrs.height)).toBeCloseTo(280, 0);
    // Left to right in the order given.
    const xs = bars.map((b) => Number(b.attrs.x));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it("draws a fall below the zero line", () => {
    const svg = barChartSvg(
      [
        { label: "quý 1", value: 8.2 },
        { label: "quý 2", value: -1.86 },
      ],
      { id: "c", title: "t", description: "d", width: 640, height: 320 },
    );
    const [up, down] = parseXml(svg).elements.filter((e) => e.name === "rect" && e.attrs.class === "bar");
    // Ticks -5..10 over 252 px: zero at 280 - 5 * 16.8 = 196.
    expect(Number(up!.attrs.y) + Number(up!.attrs.height)).toBeCloseTo(196, 0);
    expect(Number(down!.attrs.y)).toBeCloseTo(196, 0);
    expect(svg).toContain(">quý 2: -1,86</title>");
  });

  it("escapes hostile labels, titles and ids", () => {
    const hostile = `<script>alert("x")</script> & 'y'`;
    const svg = barChartSvg([{ label: hostile, value: 1, valueText: hostile }], { id: `a"b`, title: hostile, description: hostile, unit: hostile });
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain(`a"b`);
    const { elements, texts, problems } = parseXml(svg);
    expect(problems).toEqual([]);
    expect(closesMatch(svg)).toBe(true);
    expect(elements.map((e) => e.name)).not.toContain("script");
    expect(texts.filter((t) => t === hostile).length).toBeGreaterThanOrEqual(3);
    expect(escapeXml(`<&>"'`)).toBe("&lt;&amp;&gt;&quot;&#39;");
  });

  it("slants the labels when there are many bars", () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ label: `tháng ${i + 1}/2026`, value: i * 10 }));
    const svg = barChartSvg(many, { id: "c", title: "t", description: "d" });
    expect(parseXml(svg).problems).toEqual([]);
    expect(svg.match(/transform="rotate\(-40 /g)).toHaveLength(12);
  });

  it("an empty series is a frame that says there is nothing to draw", () => {
    const svg = barChartSvg([], { id: "e", title: "Không có gì", description: "d" });
    const { elements, texts, problems } = parseXml(svg);
    expect(problems).toEqual([]);
    expect(elements.filter((e) => e.attrs.class === "bar")).toHaveLength(0);
    expect(texts).toContain("Chưa có số liệu để vẽ");
    expect(elements[0]!.attrs.role).toBe("img");
  });
});
