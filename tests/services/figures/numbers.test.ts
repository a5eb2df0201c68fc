import { describe, expect, it } from "vitest";
import { applyScale, canonicalScale, formatViNumber, parseViNumber, scaleExponent } from "../../../src/services/figures/numbers.ts";

describe("parseViNumber: Vietnamese number text to a plain decimal string", () => {
  it.each([
    ["4.262,7", "4262.7"],
    ["108.092", "108092"],
    ["317,9402", "317.9402"],
    ["08", "8"],
    ["1.000", "1000"],
    ["1.007,7", "1007.7"],
    ["46,19", "46.19"],
    ["0,5", "0.5"],
    ["221,05", "221.05"],
    ["9.953", "9953"],
    ["50.570", "50570"],
    ["  7.839,02 ", "7839.02"],
  ])("%s → %s", (raw, expected) => {
    expect(parseViNumber(raw)).toBe(expected);
  });

  it("keeps the decimals a report prints, trailing zeros included", () => {
    expect(parseViNumber("41,60")).toBe("41.60");
  });

  it("accepts the forms users type: a dot before other than three digits is a decimal mark", () => {
    expect(parseViNumber("37.48")).toBe("37.48");
    expect(parseViNumber("4262.7")).toBe("4262.7");
    expect(parseViNumber("1,234.5")).toBe("1234.5");
  });

  it("stays exact beyond 2^53", () => {
    expect(parseViNumber("9.007.199.254.740.993")).toBe("9007199254740993");
    expect(parseViNumber("108.092 tỷ")).toBe("108092000000000");
  });

  it.each([
    ["4.262,7 triệu", "4262700000"],
    ["1,5 nghìn", "1500"],
    ["3 ngàn", "3000"],
    ["2 tỉ", "2000000000"],
    ["2 TỶ", "2000000000"],
    ["1,2 nghìn tỷ", "1200000000000"],
    ["317,9402 nghìn", "317940.2"],
  ])("multiplies by a scale word: %s → %s", (raw, expected) => {
    expect(parseViNumber(raw)).toBe(expected);
  });

  it("handles a sign", () => {
    expect(parseViNumber("-2,4")).toBe("-2.4");
    expect(parseViNumber("-0")).toBe("0");
  });

  it.each(["", "abc", "1.2.3", "12,", "12 con", "0275.3822 365"])("refuses %j", (raw) => {
    expect(parseViNumber(raw)).toBeNull();
  });
});

describe("formatViNumber: plain decimal string to Vietnamese display", () => {
  it.each([
    ["4262.7", "4.262,7"],
    ["108092", "108.092"],
    ["37.48", "37,48"],
    ["8", "8"],
    ["1000", "1.000"],
    ["317.9402", "317,9402"],
    ["-2.4", "-2,4"],
    ["108092000000000", "108.092.000.000.000"],
  ])("%s → %s", (value, expected) => {
    expect(formatViNumber(value)).toBe(expected);
  });

  it("leaves anything that is not a decimal string alone", () => {
    expect(formatViNumber("n/a")).toBe("n/a");
  });

  it("round-trips with parseViNumber", () => {
    for (const raw of ["4.262,7", "108.092", "317,9402", "1.007,7", "99,97", "7.839,02", "1"]) {
      expect(formatViNumber(parseViNumber(raw)!)).toBe(raw);
    }
  });
});

describe("scale words", () => {
  it("have a power of ten and one display form", () => {
    expect(scaleExponent("nghìn")).toBe(3);
    expect(scaleExponent("ngàn")).toBe(3);
    expect(scaleExponent("triệu")).toBe(6);
    expect(scaleExponent("tỷ")).toBe(9);
    expect(scaleExponent("tỉ")).toBe(9);
    expect(scaleExponent("đồng")).toBeNull();
    expect(canonicalScale("tỉ")).toBe("tỷ");
    expect(canonicalScale("ngan")).toBe("nghìn");
    expect(canonicalScale("trieu")).toBe("triệu");
  });

  it("apply exactly to decimal strings", () => {
    expect(applyScale("4262.7", 6)).toBe("4262700000");
    expect(applyScale("0.05", 3)).toBe("50");
    expect(applyScale("1.23456", 3)).toBe("1234.56");
    expect(applyScale("12", 0)).toBe("12");
  });
});
