import type { Db } from "../services/db.ts";
import { issueLoginToken, LOGIN_TOKEN_MINUTES } from "../services/console/login-tokens.ts";
import { isStaff, NOT_STAFF } from "./staff.ts";
import type { BotReply, BotRequest } from "./types.ts";

/** The staff console's sign-in: `/quantri` in a private chat gives staff a one-time link. */
export interface ConsoleLoginDeps {
  db: Db;
  staffIds: ReadonlySet<string>;
  /** PUBLIC_URL: where staff's browsers reach the service, without a trailing slash. */
  publicUrl: string;
}

export async function answerConsoleLogin({ db, staffIds, publicUrl }: ConsoleLoginDeps, request: BotRequest): Promise<BotReply> {
  // The same reply as every other staff command, so /quantri tells an outsider nothing.
  if (!isStaff(staffIds, request)) return NOT_STAFF;
  const token = await issueLoginToken(db, `${request.channel}:${request.userId}`);
  return {
    intent: "console_login",
    text:
      `🔐 Liên kết đăng nhập trang quản trị (dùng được một lần, trong ${LOGIN_TOKEN_MINUTES} phút):\n` +
      `${publicUrl}/console/login?token=${token}\n\n` +
      "Đừng chuyển liên kết này cho người khác. Cần liên kết mới thì gửi lại /quantri.",
    secret: true,
  };
}
