import type { Response } from "express";
import { LOGIN_TOKEN_MINUTES } from "../../services/console/login-tokens.ts";
import { renderPage } from "./views.ts";

// The console's plain pages: sign-in needed, a dead link, a refused form, and the like. None of
// them shows any data.

export interface Message {
  status: number;
  title: string;
  paragraphs: string[];
  /** Explains how to sign in (send /quantri to the bot). */
  signIn?: boolean;
  /** A link back into the console. */
  back?: boolean;
}

export const MESSAGES = {
  signInRequired: { status: 401, title: "Cần đăng nhập", paragraphs: ["Trang quản trị chỉ dành cho cán bộ của Sở đã đăng nhập. Trang này không cần mật khẩu:"], signIn: true },
  linkDead: {
    status: 410,
    title: "Liên kết đã được dùng hoặc đã hết hạn",
    paragraphs: [`Mỗi liên kết đăng nhập chỉ dùng được một lần, trong ${LOGIN_TOKEN_MINUTES} phút. Để nhận liên kết mới:`],
    signIn: true,
  },
  linkMalformed: {
    status: 400,
    title: "Liên kết đăng nhập không hợp lệ",
    paragraphs: ["Liên kết có thể đã bị cắt mất một phần khi sao chép. Để nhận liên kết mới:"],
    signIn: true,
  },
  tooManyAttempts: {
    status: 429,
    title: "Thử đăng nhập quá nhiều lần",
    paragraphs: ["Có quá nhiều lần mở liên kết đăng nhập không hợp lệ từ máy này. Vui lòng đợi 15 phút rồi dùng một liên kết mới."],
  },
  csrfRefused: {
    status: 403,
    title: "Yêu cầu bị từ chối",
    paragraphs: ["Biểu mẫu này đã cũ hoặc không được gửi từ trang quản trị. Hãy tải lại trang rồi thử lại."],
    back: true,
  },
  signedOut: { status: 200, title: "Đã đăng xuất", paragraphs: ["Phiên làm việc đã kết thúc. Để đăng nhập lại:"], signIn: true },
  notFound: { status: 404, title: "Không tìm thấy trang", paragraphs: ["Trang quản trị không có trang này."], back: true },
  serverError: { status: 500, title: "Đã có lỗi", paragraphs: ["Hệ thống gặp lỗi khi tạo trang này. Vui lòng thử lại sau ít phút."], back: true },
} satisfies Record<string, Message>;

export function sendMessage(res: Response, base: string, message: Message, signedIn?: { staffId: string; csrf: string }): void {
  renderPage(res, message.status, "./message", {
    base,
    title: message.title,
    paragraphs: message.paragraphs,
    signIn: message.signIn ?? false,
    link: message.back ? { href: base, label: "Về trang Tổng quan" } : null,
    ...signedIn,
  });
}
