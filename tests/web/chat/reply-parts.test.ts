import { describe, expect, it } from "vitest";
import { partsOf, webReplyOf } from "../../../src/web/chat/reply-parts.ts";

// How a reply's text becomes plain pieces and links: the page and its script build markup only
// from these, so what must be a link is one, and nothing else is.

const links = (text: string) => partsOf(text).filter((p) => p.href);

describe("partsOf", () => {
  it("keeps the text whole: the pieces joined are the reply", () => {
    const text = "📞 Số điện thoại:\n• 0275 3822 365\n• 0275 3822 251\nEmail: sct@bentre.gov.vn. Xem https://sct.bentre.gov.vn/tin-tuc).";
    expect(
      partsOf(text)
        .map((p) => p.text)
        .join(""),
    ).toBe(text);
  });

  it("links phone numbers as people write them, to their international form", () => {
    expect(links("Gọi 0275 3822 365, 0275.3822.251, 0912-345-678, +84 275 3822 365 hoặc 1900 1234.")).toEqual([
      { text: "0275 3822 365", href: "tel:+842753822365" },
      { text: "0275.3822.251", href: "tel:+842753822251" },
      { text: "0912-345-678", href: "tel:+84912345678" },
      { text: "+84 275 3822 365", href: "tel:+842753822365" },
      { text: "1900 1234", href: "tel:19001234" },
    ]);
  });

  it("leaves figures, years, periods and document numbers alone", () => {
    expect(links("📊 Kim ngạch xuất khẩu, giai đoạn 2021–2023: 4.262,7 triệu USD; 0,5%; Chỉ thị số 01-CT/TU; 03 năm; 12/2023; 20251234567")).toEqual([]);
  });

  it("links web and e-mail addresses without the punctuation after them", () => {
    expect(links("Nguồn: https://sct.bentre.gov.vn/bao-cao?id=12. Hỏi thêm: sct@bentre.gov.vn!")).toEqual([
      { text: "https://sct.bentre.gov.vn/bao-cao?id=12", href: "https://sct.bentre.gov.vn/bao-cao?id=12" },
      { text: "sct@bentre.gov.vn", href: "mailto:sct@bentre.gov.vn" },
    ]);
  });

  it("never makes a link of another scheme, and keeps markup as text", () => {
    expect(links('javascript:alert(1) <a href="x">data:text/html,hi</a>')).toEqual([]);
  });
});

describe("webReplyOf", () => {
  it("turns contact cards into tel: links, each number once, written the Vietnamese way", () => {
    const reply = webReplyOf({
      intent: "contact_phone",
      text: "📞 0275 3822 365",
      contacts: [
        { name: "Sở Công Thương", phoneNumber: "+842753822365" },
        { name: "Sở Công Thương", phoneNumber: "02753822365" },
        { name: "Trung tâm", phoneNumber: "+84912345678" },
      ],
      buttons: [{ label: "📞 Trung tâm", text: "số điện thoại Trung tâm" }],
    });
    expect(reply.contacts).toEqual([
      { name: "Sở Công Thương", number: "0275 3822 365", href: "tel:+842753822365" },
      { name: "Trung tâm", number: "0912 345 678", href: "tel:+84912345678" },
    ]);
    expect(reply.buttons).toEqual([{ label: "📞 Trung tâm", text: "số điện thoại Trung tâm" }]);
  });
});
