// Shapes shared by the outbox sender's modules: a Delivery row as loaded, the job (one message) it
// becomes, and the tally of one drain.
import type { Prisma } from "../../generated/prisma/client.ts";
import type { AlertChannel } from "./format.ts";

/** A row carries its subscriber and as much of its item as formatting the message needs. */
export const DELIVERY_INCLUDE = { subscriber: true, item: { include: { source: { select: { name: true, kind: true } } } } } as const;
export type DeliveryRow = Prisma.DeliveryGetPayload<{ include: typeof DELIVERY_INCLUDE }>;

/** One transport call: a single alert, or a digest of one subscriber's due rows. */
export interface DeliveryJob {
  channel: AlertChannel;
  chatId: string;
  subscriberId: number;
  rows: DeliveryRow[];
  digest: boolean;
}

export interface DrainResult {
  /** Transport calls that succeeded (a digest is one message for several rows). */
  messages: number;
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  paused: AlertChannel[];
}
