import type { BroadcastState } from "../../services/broadcasts/queue.ts";
import { fmt } from "./views.ts";

// How broadcasts read in the console's templates: their state, audience and text in a few words.

const STATES: Record<BroadcastState, string> = { scheduled: "Đã hẹn giờ", queued: "Đã xếp hàng gửi", cancelled: "Đã hủy" };

export const broadcastView = {
  state: (state: BroadcastState): string => STATES[state],
  /** "good" for queued, "bad" for cancelled: the status colours the other pages use. */
  stateClass: (state: BroadcastState): string => (state === "queued" ? "status good" : state === "cancelled" ? "status bad" : "status"),
  audience: (b: { topic: string | null; channel: string | null }): string =>
    b.channel ? `Người đăng ký trên ${fmt.channel(b.channel)}` : b.topic ? `Người nhận chủ đề “${b.topic}”` : "Mọi người đăng ký",
  /** The first line, cut to `max` characters: enough to tell broadcasts apart in the list. */
  excerpt: (text: string, max = 80): string => {
    const first = text.split("\n")[0]!.trim();
    return first.length > max ? `${first.slice(0, max - 1).trimEnd()}…` : first;
  },
  /** The select's value for a stored target, as the form writes it. */
  target: (b: { topic: string | null; channel: string | null }): string => (b.channel ? `channel:${b.channel}` : b.topic ? `topic:${b.topic}` : "all"),
};
