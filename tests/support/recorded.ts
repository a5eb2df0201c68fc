import type { IncomingMessage, Server } from "node:http";

// Pieces shared by the local stand-ins for outside APIs (fake Zalo, fake Zalo OA).

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A list that tests can wait on: `waitFor(n)` resolves once it holds n entries. */
export function waitableList<T>(what: string) {
  const items: T[] = [];
  const waiters = new Set<() => void>();
  return {
    items,
    push(item: T): void {
      items.push(item);
      for (const wake of waiters) wake();
    },
    waitFor(n: number, timeoutMs = 5000): Promise<T[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (items.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...items]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${n} ${what} within ${timeoutMs} ms, got ${items.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
