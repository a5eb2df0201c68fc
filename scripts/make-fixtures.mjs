// Makes the PDF and DOCX report fixtures from the official-letter HTML fixture, so all three
// formats carry the same invented letter. The generated files are committed; the tests never
// run this script and never need Chromium.
//
// Rerun (needs Debian's Chromium: `apt-get install -y chromium`):
//   node scripts/make-fixtures.mjs
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { parseHTML } from "linkedom";

const dir = new URL("../tests/fixtures/reports/", import.meta.url).pathname;
const source = path.join(dir, "cong-van-bao-cao.html");

// PDF: Chromium's own print, with its page header and footer (date, title, file URL, "1/2") left on,
// so the parser has to drop lines repeated on every page and page numbers.
function makePdf() {
  const work = mkdtempSync(path.join(tmpdir(), "fixtures-"));
  const html = path.join(work, "bao-cao.html");
  copyFileSync(source, html);
  const out = path.join(dir, "cong-van-bao-cao.pdf");
  execFileSync("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", `--print-to-pdf=${out}`, html], {
    stdio: "ignore",
  });
  rmSync(work, { recursive: true, force: true });
}

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const tidy = (s) => s.replace(/\s+/g, " ").trim();
const run = (text, bold) => `<w:r>${bold ? "<w:rPr><w:b/></w:rPr>" : ""}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
const para = (text, bold = false, center = false) => `<w:p>${center ? '<w:pPr><w:jc w:val="center"/></w:pPr>' : ""}${run(text, bold)}</w:p>`;

/** A DOCX table: colspan becomes gridSpan, rowspan a vMerge restart and continuations below it. */
function table(el) {
  const rows = Array.from(el.querySelectorAll("tr"));
  const pending = []; // column -> rows still covered by a vMerge from above
  const xmlRows = rows.map((tr) => {
    const cells = [];
    let col = 0;
    const cover = () => {
      while (pending[col] > 0) {
        pending[col]--;
        cells.push(`<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>`);
        col++;
      }
    };
    for (const td of Array.from(tr.children)) {
      cover();
      const span = Number(td.getAttribute("colspan") ?? 1);
      const down = Number(td.getAttribute("rowspan") ?? 1);
      const props = `${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ""}${down > 1 ? '<w:vMerge w:val="restart"/>' : ""}`;
      cells.push(`<w:tc><w:tcPr>${props}</w:tcPr>${para(tidy(td.textContent), td.tagName === "TH")}</w:tc>`);
      if (down > 1) pending[col] = down - 1;
      col += span;
    }
    cover();
    return `<w:tr>${cells.join("")}</w:tr>`;
  });
  const caption = el.querySelector("caption");
  return `${caption ? para(tidy(caption.textContent), true, true) : ""}<w:tbl><w:tblPr><w:tblBorders>${["top", "left", "bottom", "right", "insideH", "insideV"]
    .map((s) => `<w:${s} w:val="single" w:sz="4"/>`)
    .join("")}</w:tblBorders></w:tblPr>${xmlRows.join("")}</w:tbl>`;
}

async function makeDocx() {
  const { document } = parseHTML(readFileSync(source, "utf8"));
  const body = Array.from(document.body.children)
    .map((el) => {
      if (el.tagName === "TABLE") return table(el);
      const text = tidy(el.textContent);
      const bold = /^H\d$/.test(el.tagName) || (el.querySelector("b") !== null && tidy(el.querySelector("b").textContent) === text);
      return para(text, bold, el.classList.contains("c"));
    })
    .join("");
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file(
    "word/document.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`,
  );
  // A fixed date keeps the file identical from one run to the next.
  for (const f of Object.values(zip.files)) f.date = new Date("2025-03-14T00:00:00Z");
  writeFileSync(path.join(dir, "cong-van-bao-cao.docx"), await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
}

makePdf();
await makeDocx();
console.log("wrote cong-van-bao-cao.pdf and cong-van-bao-cao.docx in tests/fixtures/reports/");
