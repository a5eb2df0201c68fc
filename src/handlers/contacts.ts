import type { Directory, UnitInfo } from "../services/contacts/directory.ts";
import { formatPhone, internationalPhone } from "../services/contacts/phones.ts";
import type { Understanding } from "../services/nlu/understand.ts";
import { hasAnyPhrase } from "../services/nlu/phrases.ts";
import type { BotReply, ContactCard, QuickReply } from "./types.ts";

const phoneList = (unit: UnitInfo) => unit.phones.map((p) => `• ${formatPhone(p)}`).join("\n");
const cards = (unit: UnitInfo): ContactCard[] => unit.phones.map((p) => ({ phoneNumber: internationalPhone(p), name: unit.name }));
const inline = (unit: UnitInfo) => unit.phones.map(formatPhone).join(" – ");

function unitButtons(directory: Directory, unit: UnitInfo, ask: "số điện thoại" | "liên hệ"): QuickReply[] {
  return directory.childrenOf(unit.slug).map((child) => ({ label: `📞 ${child.name}`, text: `${ask} ${child.name}` }));
}

/** The unit a contact question is about: the one it names, else the agency itself. */
const unitOf = (directory: Directory, u: Understanding) => directory.bySlug(u.unitSlug) ?? directory.root;

// Words that name some unit; when no unit of the directory matched, the user asked for one the
// directory does not have ("phòng Quản lý công nghiệp"), and the reply says so before giving the
// agency's own contacts.
const UNIT_WORDS = ["phong", "chi cuc", "ban quan ly", "trung tam", "doi quan ly"];
const unknownUnitNote = (u: Understanding) => (!u.unitSlug && hasAnyPhrase(u.words, UNIT_WORDS) ? "Danh bạ chưa có riêng đơn vị bạn hỏi; đây là thông tin chung của Sở.\n" : "");

export function answerPhone(directory: Directory, u: Understanding): BotReply {
  const unit = unitOf(directory, u);
  if (unit.phones.length === 0) {
    const fallback = directory.root;
    return {
      intent: "contact_phone",
      text: `Danh bạ chưa có số điện thoại của ${unit.name}. Bạn có thể gọi ${fallback.name}:\n${phoneList(fallback)}`,
      contacts: cards(fallback),
    };
  }
  const children = directory.childrenOf(unit.slug);
  const more = children.length > 0 ? "\n\nCần số của đơn vị trực thuộc? Chọn bên dưới." : "";
  return {
    intent: "contact_phone",
    text: `${unknownUnitNote(u)}📞 Số điện thoại của ${unit.name}:\n${phoneList(unit)}${more}`,
    contacts: cards(unit),
    buttons: unitButtons(directory, unit, "số điện thoại"),
  };
}

export function answerEmail(directory: Directory, u: Understanding): BotReply {
  const unit = unitOf(directory, u);
  if (unit.email) return { intent: "contact_email", text: `${unknownUnitNote(u)}✉️ Email của ${unit.name}: ${unit.email}` };
  const withEmail = [unit.parentSlug ? directory.bySlug(unit.parentSlug) : undefined, directory.root].find((x) => x?.email);
  const phones = unit.phones.length ? `\nĐiện thoại của ${unit.name}: ${inline(unit)}.` : "";
  const other = withEmail ? ` Bạn có thể gửi thư về ${withEmail.name}: ${withEmail.email}.` : "";
  return { intent: "contact_email", text: `Danh bạ chưa có email riêng của ${unit.name}.${other}${phones}` };
}

/** Everything on record about a unit, and what is not on record when the user asked for it. */
export function answerAll(directory: Directory, u: Understanding): BotReply {
  const unit = unitOf(directory, u);
  const lines = [`${unknownUnitNote(u)}🏢 ${unit.name}`];
  if (unit.phones.length) lines.push(`📞 Điện thoại: ${inline(unit)}`);
  if (unit.email) lines.push(`✉️ Email: ${unit.email}`);
  if (unit.address) lines.push(`📍 Địa chỉ: ${unit.address}`);
  if (unit.workingHours) lines.push(`🕘 Giờ làm việc: ${unit.workingHours}`);
  if (unit.website) lines.push(`🌐 Website: ${unit.website}`);
  const missing: string[] = [];
  if (!unit.address && hasAnyPhrase(u.words, ["dia chi", "o dau", "tru so"])) missing.push("địa chỉ");
  if (!unit.workingHours && hasAnyPhrase(u.words, ["gio lam viec", "may gio", "lam viec"])) missing.push("giờ làm việc");
  if (!unit.website && hasAnyPhrase(u.words, ["website", "trang web", "web"])) missing.push("website");
  if (hasAnyPhrase(u.words, ["fax"])) missing.push("số fax");
  if (missing.length) lines.push(`\nDanh bạ của bot chưa có ${missing.join(", ")}; bạn vui lòng gọi điện để được hướng dẫn.`);
  const children = directory.childrenOf(unit.slug);
  if (children.length) {
    lines.push("\nĐơn vị trực thuộc:");
    for (const child of children) lines.push(`• ${child.name}${child.phones.length ? `: ${inline(child)}` : ""}`);
  }
  return { intent: "contact_all", text: lines.join("\n"), contacts: cards(unit) };
}

export function answerUnitList(directory: Directory): BotReply {
  const root = directory.root;
  const children = directory.childrenOf(root.slug);
  if (children.length === 0) return { intent: "unit_list", text: `Danh bạ chưa có đơn vị trực thuộc nào của ${root.name}.` };
  const lines = children.map((c) => `• ${c.name}${c.phones.length ? `: ${inline(c)}` : ""}${c.email ? `, ${c.email}` : ""}`);
  return {
    intent: "unit_list",
    text: `Đơn vị trực thuộc ${root.name}:\n${lines.join("\n")}`,
    buttons: unitButtons(directory, root, "liên hệ"),
  };
}

/** Procedures (licences, applications) need a person: the bot says so and says whom to call. */
export function answerProcedure(directory: Directory): BotReply {
  const root = directory.root;
  const lines = [`Tôi chưa hướng dẫn được thủ tục hành chính. Để được hướng dẫn hồ sơ, giấy phép, bạn vui lòng liên hệ ${root.name}:`];
  if (root.phones.length) lines.push(`📞 ${inline(root)}`);
  if (root.email) lines.push(`✉️ ${root.email}`);
  return { intent: "procedure", text: lines.join("\n"), contacts: cards(root) };
}
