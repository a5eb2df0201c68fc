import { describe, expect, it } from "vitest";
import { signedTimestamp, verifyZaloOaSignature, zaloOaMac } from "../../../src/bot/zalo-oa/signature.ts";
import { APP_ID, OA_SECRET, sign } from "../../support/zalo-oa.ts";

const RAW =
  '{"app_id":"4291763606161179100","event_name":"user_send_text","sender":{"id":"8123456789012345678"},"message":{"msg_id":"m1","text":"Xin chào"},"timestamp":"1718000000000"}';
const TS = "1718000000000";
const check = (header: string | undefined, raw = RAW, timestamp: string | undefined = TS) =>
  verifyZaloOaSignature({ appId: APP_ID, secretKey: OA_SECRET, rawBody: Buffer.from(raw, "utf8"), timestamp, header });

describe("Zalo OA webhook signature", () => {
  it("matches the documented formula: plain SHA-256 of appId + raw body + timestamp + OA secret key", () => {
    expect(`mac=${zaloOaMac(APP_ID, Buffer.from(RAW, "utf8"), TS, OA_SECRET)}`).toBe(sign(RAW, TS));
    expect(check(sign(RAW, TS))).toBe(true);
  });

  it("accepts upper-case hex and a bare hex without the mac= prefix", () => {
    const hex = sign(RAW, TS).slice(4);
    expect(check(`mac=${hex.toUpperCase()}`)).toBe(true);
    expect(check(hex)).toBe(true);
  });

  it("refuses a missing, empty or wrong signature", () => {
    expect(check(undefined)).toBe(false);
    expect(check("")).toBe(false);
    expect(check("mac=")).toBe(false);
    expect(check(`mac=${"0".repeat(64)}`)).toBe(false);
    expect(check(sign(RAW, TS, { secret: "another-oa-secret" }))).toBe(false);
    expect(check(sign(RAW, TS, { appId: "999" }))).toBe(false);
  });

  it("refuses a body changed after signing, even by one byte or only in spacing", () => {
    const header = sign(RAW, TS);
    expect(check(header, RAW.replace("Xin chào", "Xin chao"))).toBe(false);
    expect(check(header, RAW.replace('"event_name":', '"event_name": '))).toBe(false);
    expect(check(header, RAW, "1718000000001")).toBe(false);
  });

  it("cannot be checked without a timestamp", () => {
    const rawBody = Buffer.from(RAW, "utf8");
    expect(verifyZaloOaSignature({ appId: APP_ID, secretKey: OA_SECRET, rawBody, timestamp: undefined, header: sign(RAW, TS) })).toBe(false);
  });

  it("reads the timestamp as a string, tolerating a number", () => {
    expect(signedTimestamp({ timestamp: "1718000000000" })).toBe("1718000000000");
    expect(signedTimestamp({ timestamp: 1718000000000 })).toBe("1718000000000");
    expect(signedTimestamp({ timestamp: "" })).toBeUndefined();
    expect(signedTimestamp({})).toBeUndefined();
    expect(signedTimestamp(null)).toBeUndefined();
  });
});
