// Phone numbers as agencies print them: "0275.3822 365- 3822 251" is two numbers that share the
// area code 0275. A reply must never show the cut-off "3822 251" alone.

/** A piece of a phone line that is not a full number and has no area code before it to complete it. */
export class IncompletePhoneError extends Error {
  constructor(
    readonly line: string,
    readonly part: string,
  ) {
    super(`"${line}": "${part}" is not a full phone number and no area code precedes it`);
    this.name = "IncompletePhoneError";
  }
}

/** Splits a printed phone line into full numbers (digits only, with the area code). */
export function parsePhoneLine(line: string): string[] {
  const parts = line
    .split(/\s*[-–—,;/]\s*|\s+(?:hoặc|và)\s+/u)
    .map((p) => p.replace(/\D/g, ""))
    .filter(Boolean);
  const numbers: string[] = [];
  let areaCode = "";
  for (const digits of parts) {
    if (digits.length >= 10 || digits.startsWith("1800") || digits.startsWith("1900")) {
      numbers.push(digits);
      // Landlines since 2017: 0 + two-digit 2xx area code, then 7 or 8 digits.
      if (/^02\d{9}$/.test(digits)) areaCode = digits.slice(0, bigCityAreaCode(digits) ? 3 : 4);
    } else if (areaCode && digits.length >= 7 && digits.length <= 8) {
      numbers.push(areaCode + digits);
    } else {
      throw new IncompletePhoneError(line, digits);
    }
  }
  return numbers;
}

// Hà Nội (024) and TP. Hồ Chí Minh (028) have three-digit area codes and eight-digit local numbers.
const bigCityAreaCode = (digits: string) => /^02[48]/.test(digits);

/** Groups digits the way Vietnamese print them: 0275 3822 365, 0912 345 678, 1800 1234. */
export function formatPhone(digits: string): string {
  if (/^02\d{9}$/.test(digits) && bigCityAreaCode(digits)) return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
  if (/^02\d{9}$/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8)}`;
  if (/^0\d{9}$/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  if (/^1[89]00\d+$/.test(digits)) return `${digits.slice(0, 4)} ${digits.slice(4)}`;
  return digits;
}

/** International form for contact cards and tel: links. */
export function internationalPhone(digits: string): string {
  return digits.startsWith("0") ? `+84${digits.slice(1)}` : digits;
}

/**
 * The national digits of a number written in either form: "+84 275 3822 365", "0084…" and
 * "842753822365" (84 and the 9 or 10 digits after the leading 0) are "02753822365", the same
 * number as "0275 3822 365". Anything else keeps its digits as they are.
 */
export function nationalPhone(written: string): string {
  const digits = written.replace(/\D/g, "");
  const international = /^\s*(?:\+|00)84/.test(written) || /^84\d{9,10}$/.test(digits);
  return international ? `0${digits.replace(/^(?:00)?84/, "")}` : digits;
}
