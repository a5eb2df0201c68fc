import { z } from "zod";
import { IncompletePhoneError, parsePhoneLine } from "./phones.ts";

// The rules for one unit of the directory, shared by the data file's loader (seed-directory.ts) and
// the staff console's form: both accept and refuse exactly the same values. The messages are in
// Vietnamese, for the staff who read them in the console and at `npm run seed`.

export const SLUG_PATTERN = /^[a-z0-9-]+$/;

/** Why a phone line cannot be stored, in Vietnamese; null when it is fine. */
export function phoneLineProblem(line: string): string | null {
  try {
    if (parsePhoneLine(line).length === 0) return `"${line}" không có số điện thoại nào.`;
    return null;
  } catch (err) {
    if (err instanceof IncompletePhoneError) return `"${err.part}" (trong "${line}") không phải số đầy đủ và không có mã vùng đứng trước: hãy ghi đủ số, ví dụ 0275 3822 251.`;
    throw err;
  }
}

/** One unit's own fields (its sub-units aside), as the data file writes them. */
export const unitFields = z.object({
  slug: z.string().regex(SLUG_PATTERN, "Mã đơn vị chỉ gồm chữ thường không dấu (a–z), chữ số và dấu gạch ngang (-)."),
  name: z.string().min(1, "Tên đơn vị không được để trống."),
  aliases: z.array(z.string().min(1, "Tên gọi khác không được để trống.")).optional(),
  email: z.string().email("Email không hợp lệ (ví dụ đúng: vanphong@sct.gov.vn).").nullish(),
  phones: z
    .array(
      z.string().superRefine((line, ctx) => {
        const problem = phoneLineProblem(line);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    )
    .optional(),
  address: z.string().nullish(),
  workingHours: z.string().nullish(),
  website: z.string().url("Trang web phải là một địa chỉ đầy đủ, bắt đầu bằng https:// hoặc http://.").nullish(),
});

export type UnitFields = z.infer<typeof unitFields>;

/** The columns a unit's fields are stored in (names in NFC, aliases as a JSON array). */
export function unitColumns(fields: UnitFields) {
  return {
    slug: fields.slug,
    name: fields.name.normalize("NFC"),
    aliases: JSON.stringify((fields.aliases ?? []).map((a) => a.normalize("NFC"))),
    email: fields.email ?? null,
    address: fields.address ?? null,
    workingHours: fields.workingHours ?? null,
    website: fields.website ?? null,
  };
}

/** The unit's phone lines as full numbers, digits only, in order. */
export const phoneNumbersOf = (fields: UnitFields): string[] => (fields.phones ?? []).flatMap(parsePhoneLine);
