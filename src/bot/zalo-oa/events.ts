// The Zalo OA webhook events this adapter acts on, read tolerantly: `follow` has been seen with the
// user in `follower.id` as well as in `sender.id`. Ids are read by platform-ids.ts.
import { platformId as id, withUsableIds } from "../platform-ids.ts";

export type OaEvent =
  | { kind: "text"; name: string; userId: string; messageId: string; text: string }
  | { kind: "non-text"; name: string; userId: string; messageId: string }
  | { kind: "follow"; name: string; userId: string; messageId: string }
  /** `oa_send_*`: copies of what the OA itself sent (our replies included). */
  | { kind: "echo"; name: string }
  | { kind: "other"; name: string };

const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** Undefined for a body this adapter cannot make sense of, an unusable id included (answered with 400). */
export function parseOaEvent(body: unknown, timestamp: string): OaEvent | undefined {
  return withUsableIds(() => readOaEvent(body, timestamp));
}

function readOaEvent(body: unknown, timestamp: string): OaEvent | undefined {
  const b = obj(body);
  const name = b?.event_name;
  if (!b || typeof name !== "string" || name === "") return undefined;
  if (name.startsWith("oa_send_")) return { kind: "echo", name };
  if (name.startsWith("user_send_")) {
    const userId = id(obj(b.sender)?.id);
    if (!userId) return undefined;
    const m = obj(b.message);
    // Without a msg_id, the sender and the signed timestamp still tell a redelivery from a new message.
    const messageId = id(m?.msg_id) ?? `${name}:${userId}:${timestamp}`;
    if (name !== "user_send_text") return { kind: "non-text", name, userId, messageId };
    return { kind: "text", name, userId, messageId, text: typeof m?.text === "string" ? m.text : "" };
  }
  if (name === "follow") {
    const userId = id(obj(b.follower)?.id) ?? id(obj(b.sender)?.id);
    if (!userId) return undefined;
    return { kind: "follow", name, userId, messageId: `follow:${userId}:${timestamp}` };
  }
  return { kind: "other", name };
}
