// A transport the test answers by hand (or automatically, a few event-loop turns later), which
// records what the window tests check: start and answer times on the fake clock, how many sends
// were in flight at most, and whether one chat ever had two at once.
import type { Transport } from "../../src/services/alerts/transports.ts";

export interface GateCall {
  chatId: string;
  text: string;
  startedAt: number;
  answeredAt?: number;
  /** Answers the call: resolves it, or rejects it with `err`. */
  answer(err?: unknown): void;
}

export interface Gate {
  transport: Transport;
  calls: GateCall[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Set when a send started to a chat that already had one in flight. */
  readonly overlapped: string[];
  /** From now on, answer every call (those waiting too) after `turns` event-loop turns. */
  auto(turns?: number): void;
  open(): GateCall[];
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createGate(channel: "telegram" | "zalo", clock: { ms: number }): Gate {
  const calls: GateCall[] = [];
  const busy = new Set<string>();
  const overlapped: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let autoTurns: number | undefined;
  const later = async (call: GateCall, turns: number) => {
    for (let i = 0; i < turns; i++) await turn();
    call.answer();
  };
  const transport: Transport = {
    channel,
    send: (chatId, message) =>
      new Promise<void>((resolve, reject) => {
        if (busy.has(chatId)) overlapped.push(chatId);
        busy.add(chatId);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        const call: GateCall = {
          chatId,
          text: message.text,
          startedAt: clock.ms,
          answer(err) {
            if (call.answeredAt !== undefined) return;
            call.answeredAt = clock.ms;
            busy.delete(chatId);
            inFlight--;
            if (err === undefined) resolve();
            else reject(err);
          },
        };
        calls.push(call);
        // Varied delays, so answers come back in another order than the sends went out.
        if (autoTurns !== undefined) void later(call, autoTurns + (calls.length % 3));
      }),
  };
  return {
    transport,
    calls,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    overlapped,
    auto(turns = 2) {
      autoTurns = turns;
      for (const call of calls) if (call.answeredAt === undefined) void later(call, turns);
    },
    open: () => calls.filter((c) => c.answeredAt === undefined),
  };
}
