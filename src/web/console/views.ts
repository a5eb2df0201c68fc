import path from "node:path";
import type { Response } from "express";
import { Eta } from "eta";
import { PROJECT_ROOT } from "../../project-root.ts";

// Server-rendered pages: Eta templates in ./views, HTML-escaped by default (`<%= %>`). Read from
// the sources' folder, so the same files serve `npm run dev` and the built bundle in dist/.

export const VIEWS_DIR = path.join(PROJECT_ROOT, "src", "web", "console", "views");
export const ASSETS_DIR = path.join(PROJECT_ROOT, "src", "web", "console", "assets");

const eta = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: true });

const dateTime = new Intl.DateTimeFormat("vi-VN", {
  timeZone: "Asia/Ho_Chi_Minh",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const number = new Intl.NumberFormat("vi-VN");

/** Helpers every template gets as `it.fmt`. */
export const fmt = {
  dateTime: (d: Date | null | undefined) => (d ? dateTime.format(d) : "—"),
  number: (n: number) => number.format(n),
  channel: (c: string) => CHANNEL_NAMES[c] ?? c,
  intent: (i: string) => INTENT_NAMES[i] ?? i,
};

const CHANNEL_NAMES: Record<string, string> = { telegram: "Telegram", zalo: "Zalo", "zalo-oa": "Zalo OA", web: "Trang web", cli: "Dòng lệnh" };

const INTENT_NAMES: Record<string, string> = {
  contact_phone: "Hỏi số điện thoại",
  contact_email: "Hỏi email",
  contact_all: "Hỏi thông tin liên hệ",
  unit_list: "Hỏi các đơn vị trực thuộc",
  procedure: "Hỏi thủ tục hành chính",
  figure: "Hỏi số liệu (có trả lời)",
  figure_none: "Hỏi số liệu (không có số liệu)",
  out_of_scope: "Ngoài phạm vi",
  greeting: "Chào hỏi",
  help: "Hướng dẫn",
  thanks: "Cảm ơn",
  empty: "Tin nhắn trống",
  too_long: "Tin nhắn quá dài",
  subscribe: "Đăng ký nhận tin",
  unsubscribe: "Hủy đăng ký",
  settings: "Cài đặt nhận tin",
  latest_news: "Xem tin mới",
  group_admins_only: "Nhóm: không phải quản trị viên",
  staff_stats: "Thống kê (cán bộ)",
  announce: "Gửi thông báo (cán bộ)",
  staff_denied: "Lệnh cán bộ bị từ chối",
  console_login: "Đăng nhập trang quản trị",
  ingest: "Thêm báo cáo",
  ingest_denied: "Thêm báo cáo bị từ chối",
  ingest_failed: "Thêm báo cáo không được",
  ingest_unsupported: "Tệp không hỗ trợ",
  ingest_too_large: "Tệp quá lớn",
  file_unsupported: "Tệp không đọc được",
  fixed: "Tin không phải chữ, nút cũ",
  stale: "Trả lời trễ (xin lỗi)",
  error: "Lỗi hệ thống",
};

export interface PageBase {
  /** The console's path ("/console", or "/prefix/console" behind a proxy path). */
  base: string;
  title: string;
  /** Set on signed-in pages: who is signed in, and the token their forms carry. */
  staffId?: string;
  csrf?: string;
  /** The navigation entry this page belongs to. */
  current?: "overview" | "reports" | "figures" | "broadcasts" | "subscribers" | "directory" | "questions";
}

/** Renders a template as a full page; console pages are never cached (they hold live data). */
export function renderPage<T extends PageBase>(res: Response, status: number, view: string, data: T): void {
  const html = eta.render(view, { ...data, fmt });
  res.status(status).type("html").set("Cache-Control", "no-store").send(html);
}
