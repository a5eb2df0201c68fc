import { createHash } from "node:crypto";
import type { ZaloOaToken } from "../../generated/prisma/client.ts";
import type { Db } from "../../services/db.ts";
import type { Logger } from "../../services/logger.ts";
import { requestOaToken, ZaloOaTokenError } from "./oauth.ts";

export { ZaloOaTokenError };

// Zalo OA access tokens last about 25 h; refresh tokens about 3 months and are single-use: each
// refresh spends the old one and hands out a new one. The new one is stored before anything else
// that can fail, so a crash at any later moment still leaves a working refresh token in the database.
// No token value is ever logged or put into an error message.

/** The ZaloOaToken row of tokens stored before the app id was recorded; the first app to start claims it. */
export const LEGACY_APP_ID = "legacy";

export interface OaTokenStoreOptions {
  db: Db;
  appId: string;
  /** The app's secret key, sent as the `secret_key` header of the refresh call. */
  secretKey: string;
  logger: Logger;
  oauthRoot?: string;
  fetchImpl?: typeof fetch;
  now?: () => number;
  /** From the OA authorisation at setup; only used until the database holds a newer one. */
  initialRefreshToken?: string;
  initialAccessToken?: string;
  /** How long before the expiry a token is replaced. */
  marginMs?: number;
  timeoutMs?: number;
  maxRetries?: number;
  baseDelayMs?: number;
}

export interface OaTokenStore {
  accessToken(): Promise<string>;
  /** After the API refused `rejected`: refreshes, unless another caller has already replaced it. */
  forceRefresh(rejected: string): Promise<string>;
  /** Replaces every token this store has seen; for texts that come from outside (error bodies). */
  redact(text: string): string;
}

/** `expiresAt` undefined: a token given at setup, of unknown age, used until the API refuses it. */
interface Access {
  token: string;
  expiresAt?: number;
}

type TokenColumns = Partial<Pick<ZaloOaToken, "refreshToken" | "refreshTokenSeed" | "accessToken" | "accessExpiresAt">>;

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

export function createOaTokenStore(o: OaTokenStoreOptions): OaTokenStore {
  const { db, appId, secretKey, logger, fetchImpl = fetch, now = Date.now, marginMs = 5 * 60_000, timeoutMs = 15_000, maxRetries = 2, baseDelayMs = 500 } = o;
  const url = `${(o.oauthRoot ?? "https://oauth.zaloapp.com").replace(/\/+$/, "")}/v4/oa/access_token`;
  const known = new Set<string>([o.initialRefreshToken, o.initialAccessToken].filter((t): t is string => !!t));
  let refreshToken: string | undefined;
  let access: Access | undefined;
  // A refresh token that only memory holds: no access token is handed out until it is stored.
  let unsaved = false;
  let loading: Promise<void> | undefined;
  let inFlight: Promise<string> | undefined;

  const redact = (text: string) => [...known].reduce((s, t) => s.split(t).join("<redacted>"), text);
  // Prisma's messages can quote the arguments of the failed query, i.e. the token being written.
  const safe = (err: unknown) => ({ type: (err as Error)?.name, code: (err as { code?: string })?.code, message: redact(String((err as Error)?.message ?? err)) });
  const save = (data: TokenColumns) => db.zaloOaToken.upsert({ where: { appId }, create: { appId, ...data }, update: data });
  const remember = (...tokens: string[]) => {
    for (const t of tokens) known.add(t);
  };

  // Tokens copied from before the app id was stored belong to the app the bot was running with.
  async function claimLegacy() {
    const { count } = await db.zaloOaToken.updateMany({ where: { appId: LEGACY_APP_ID }, data: { appId } });
    return count > 0 ? db.zaloOaToken.findUnique({ where: { appId } }) : null;
  }

  async function load(): Promise<void> {
    const row = (await db.zaloOaToken.findUnique({ where: { appId } })) ?? (await claimLegacy());
    const stored = row?.refreshToken ?? undefined;
    if (stored) remember(stored);
    const storedAccess = row?.accessToken ? { token: row.accessToken, expiresAt: row.accessExpiresAt?.getTime() } : undefined;
    if (storedAccess) remember(storedAccess.token);
    const envSeed = o.initialRefreshToken ? sha256(o.initialRefreshToken) : undefined;
    // The setup token is spent by the first refresh, so the stored one wins, unless the environment
    // now holds a different one than the one adopted before (the OA was authorised again).
    if (o.initialRefreshToken && (stored === undefined || row?.refreshTokenSeed !== envSeed)) {
      refreshToken = o.initialRefreshToken;
      access = o.initialAccessToken ? { token: o.initialAccessToken } : undefined;
      await save({ refreshToken, refreshTokenSeed: envSeed });
      logger.info({ event: "zalo_oa_token_adopted" }, "Zalo OA refresh token taken from the configuration");
    } else {
      refreshToken = stored;
      access = storedAccess ?? (o.initialAccessToken ? { token: o.initialAccessToken } : undefined);
    }
  }
  const ready = () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw new ZaloOaTokenError(0, `reading the stored tokens failed: ${safe(err).message}`);
    }));

  async function saveRefresh(): Promise<void> {
    try {
      await save({ refreshToken });
      unsaved = false;
    } catch (err) {
      logger.error({ event: "zalo_oa_refresh_token_unsaved", err: safe(err) }, "the new Zalo OA refresh token is not stored yet; retrying before the next use");
      throw new ZaloOaTokenError(0, "the new refresh token could not be stored");
    }
  }

  async function refresh(): Promise<string> {
    if (!refreshToken) throw new ZaloOaTokenError(0, "no refresh token: authorise the OA again and set ZALO_OA_REFRESH_TOKEN");
    const used = refreshToken;
    for (let n = 0; ; n++) {
      const r = await requestOaToken({ url, appId, secretKey, refreshToken: used, fetchImpl, timeoutMs, redact });
      if (r.ok) {
        const { accessToken: token, refreshToken: next = used, expiresInSec = 3600 } = r.answer;
        remember(token, next);
        if (r.answer.expiresInSec === undefined) logger.warn({ event: "zalo_oa_token_no_expiry" }, "Zalo OA token answer without expires_in; assuming one hour");
        // Memory first (cannot fail), then the database; the new access token waits for that write.
        refreshToken = next;
        const expiresAt = now() + expiresInSec * 1000;
        access = { token, expiresAt };
        if (next !== used) {
          unsaved = true;
          await saveRefresh();
        }
        await save({ accessToken: token, accessExpiresAt: new Date(expiresAt) }).catch((err: unknown) =>
          logger.warn({ event: "zalo_oa_access_token_unsaved", err: safe(err) }, "Zalo OA access token kept in memory only"),
        );
        logger.info({ event: "zalo_oa_token_refreshed", expiresInSec }, "Zalo OA access token refreshed");
        return token;
      }
      if (!r.transient || n >= maxRetries) {
        logger.error({ event: "zalo_oa_token_refresh_failed", code: r.code, description: r.description }, "Zalo OA token refresh failed");
        throw new ZaloOaTokenError(r.code, r.description);
      }
      await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** n));
    }
  }
  // Every caller that needs a new token while one refresh is under way waits for that one.
  const shared = () => (inFlight ??= refresh().finally(() => (inFlight = undefined)));

  async function accessToken(): Promise<string> {
    await ready();
    if (inFlight) return inFlight;
    if (unsaved) await saveRefresh();
    if (access && (access.expiresAt === undefined || now() < access.expiresAt - marginMs)) return access.token;
    return shared();
  }

  return {
    accessToken,
    async forceRefresh(rejected) {
      await ready();
      return access && access.token !== rejected ? accessToken() : shared();
    },
    redact,
  };
}
