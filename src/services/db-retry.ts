// Puts every database call of a Prisma client through the lock wait (db-lock-wait.ts). Retrying is
// only right for whole units of work: a query inside a transaction that fails because the database
// is locked fails the transaction, which is rolled back and then run again from its first query.
// So queries made inside a transaction pass straight through, and `$transaction` is the unit that
// retries. A transaction's callback must therefore be safe to run twice, and await nothing but its
// own queries (it holds the write lane while it runs).
import { AsyncLocalStorage } from "node:async_hooks";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { createLockWait, type LockWaitOptions } from "./db-lock-wait.ts";

const READ_OPERATIONS = new Set([
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
  // Raw queries here are SELECTs (the figure lookup); raw writes use $executeRaw.
  "$queryRaw",
  "$queryRawUnsafe",
]);

/** Set while a transaction's own queries run: they are part of its attempt, not units of their own. */
const insideTransaction = new AsyncLocalStorage<true>();

export function waitingOutLocks(client: PrismaClient, options: LockWaitOptions = {}): PrismaClient {
  const wait = createLockWait(options);
  const extended = client.$extends({
    query: {
      $allOperations({ operation, args, query }) {
        if (insideTransaction.getStore()) return query(args);
        return READ_OPERATIONS.has(operation) ? wait.read(() => query(args)) : wait.write(() => query(args));
      },
    },
  });
  // Both forms are run again whole: a callback is called anew, and Prisma executes the queries of
  // a batch again when they are passed again.
  const transaction = (work: unknown, txOptions?: unknown) =>
    insideTransaction.getStore()
      ? (extended.$transaction as (w: unknown, o?: unknown) => Promise<unknown>)(work, txOptions)
      : wait.write(() => insideTransaction.run(true, () => (extended.$transaction as (w: unknown, o?: unknown) => Promise<unknown>)(work, txOptions)));
  // A query extension changes no types, so the result still is a PrismaClient to its users.
  return new Proxy(extended, {
    get(target, prop) {
      if (prop === "$transaction") return transaction;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as unknown as PrismaClient;
}
