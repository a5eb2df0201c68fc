import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeLoginToken, issueLoginToken } from "../../../src/services/console/login-tokens.ts";
import { sha256 } from "../../../src/services/console/secrets.ts";
import { closeSession, findSession, openSession } from "../../../src/services/console/sessions.ts";
import { createTempDb, type TempDb } from "../../support/temp-db.ts";

const NOW = new Date("2026-12-01T03:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms);
let temp: TempDb;

beforeAll(async () => {
  temp = await createTempDb({ seed: false });
});
afterAll(() => temp?.cleanup());

describe("sign-in tokens", () => {
  it("are 256-bit URL-safe strings, stored only as their SHA-256", async () => {
    const token = await issueLoginToken(temp.db, "telegram:1", NOW);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await temp.db.consoleLoginToken.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
    expect(row).toMatchObject({ staffId: "telegram:1", expiresAt: later(10 * 60_000), usedAt: null });
  });

  it("work once, within 10 minutes", async () => {
    const token = await issueLoginToken(temp.db, "zalo:2", NOW);
    expect(await consumeLoginToken(temp.db, token, later(60_000))).toBe("zalo:2");
    expect(await consumeLoginToken(temp.db, token, later(61_000))).toBeNull();
    const expired = await issueLoginToken(temp.db, "zalo:2", NOW);
    expect(await consumeLoginToken(temp.db, expired, later(10 * 60_000))).toBeNull();
  });

  it("cannot be spent twice by two requests at the same moment", async () => {
    const token = await issueLoginToken(temp.db, "telegram:3", NOW);
    const results = await Promise.all(Array.from({ length: 5 }, () => consumeLoginToken(temp.db, token, later(1000))));
    expect(results.filter((r) => r === "telegram:3")).toHaveLength(1);
  });

  it("are removed a day after they expired, when a new one is issued", async () => {
    const old = await issueLoginToken(temp.db, "telegram:4", NOW);
    await issueLoginToken(temp.db, "telegram:4", later(24 * 3600_000 + 11 * 60_000));
    expect(await temp.db.consoleLoginToken.findUnique({ where: { tokenHash: sha256(old) } })).toBeNull();
  });
});

describe("sessions", () => {
  it("last 8 hours, are found by the cookie's id (stored hashed) and end on sign-out", async () => {
    const { id, session } = await openSession(temp.db, "telegram:1", NOW);
    expect(session.expiresAt).toEqual(later(8 * 3600_000));
    expect(await temp.db.consoleSession.findUnique({ where: { idHash: id } })).toBeNull();
    expect(await findSession(temp.db, id, later(8 * 3600_000 - 1))).toMatchObject({ staffId: "telegram:1", csrfToken: session.csrfToken });
    expect(await findSession(temp.db, id, later(8 * 3600_000))).toBeNull();
    await closeSession(temp.db, id);
    expect(await findSession(temp.db, id, NOW)).toBeNull();
  });

  it("each have their own CSRF token", async () => {
    const a = await openSession(temp.db, "telegram:1", NOW);
    const b = await openSession(temp.db, "telegram:1", NOW);
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
  });
});
