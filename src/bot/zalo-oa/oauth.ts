// The one OAuth call the OA adapter makes: exchanging a refresh token for a new token pair
// (POST {oauthRoot}/v4/oa/access_token, form body, the app's secret key in a `secret_key` header).

export class ZaloOaTokenError extends Error {
  /** `code` is Zalo's `error`, else the HTTP status, else 0 (network failure, nothing to refresh with). */
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(`Zalo OA token refresh failed: ${code} ${description}`);
    this.name = "ZaloOaTokenError";
  }
}

export interface TokenAnswer {
  accessToken: string;
  /** Absent when Zalo did not send a new one; the old one then stays in use. */
  refreshToken?: string;
  /** Seconds, or undefined when the answer had no usable `expires_in`. */
  expiresInSec?: number;
}

export type TokenAttempt = { ok: true; answer: TokenAnswer } | { ok: false; transient: boolean; code: number; description: string };

export interface TokenRequest {
  url: string;
  appId: string;
  secretKey: string;
  refreshToken: string;
  fetchImpl: typeof fetch;
  timeoutMs: number;
  /** Error texts come from outside; they must not echo a token back into our logs. */
  redact: (text: string) => string;
}

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

export async function requestOaToken(r: TokenRequest): Promise<TokenAttempt> {
  let res: Response;
  try {
    res = await r.fetchImpl(r.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", secret_key: r.secretKey },
      body: new URLSearchParams({ refresh_token: r.refreshToken, app_id: r.appId, grant_type: "refresh_token" }).toString(),
      signal: AbortSignal.timeout(r.timeoutMs),
    });
  } catch (err) {
    // Only the error's name/code: nothing else from the failed request is worth the risk.
    const e = err as Error & { cause?: { code?: string } };
    return { ok: false, transient: true, code: 0, description: `network error (${e.cause?.code ?? e.name})` };
  }
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(await res.text());
    body = parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    body = undefined;
  }
  const accessToken = str(body?.access_token);
  if (body && accessToken) {
    // `expires_in` has been seen as a string ("90000"); a number is accepted too.
    const seconds = Number(body.expires_in);
    return { ok: true, answer: { accessToken, refreshToken: str(body.refresh_token), expiresInSec: Number.isFinite(seconds) && seconds > 0 ? seconds : undefined } };
  }
  // Errors have been seen both as HTTP 200 with `error` < 0 and as plain HTTP errors.
  const code = Number(body?.error) || (res.ok ? 0 : res.status);
  const text = str(body?.error_description) ?? str(body?.error_name) ?? str(body?.message) ?? (body ? "no access_token in the answer" : `non-JSON answer (HTTP ${res.status})`);
  return { ok: false, transient: res.status >= 500 || res.status === 429, code, description: r.redact(text) };
}
