import { describe, expect, it } from "vitest";
import { type ConfigError, loadConfig } from "../src/config.ts";

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
};

describe("PUBLIC_URL", () => {
  it("defaults to http://localhost and the port", () => {
    expect(loadConfig({}).publicUrl).toBe("http://localhost:3000");
    expect(loadConfig({ PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
    expect(loadConfig({ PUBLIC_URL: "" }).publicUrl).toBe("http://localhost:3000");
  });

  it("takes an http or https URL, with a path when the service sits under one", () => {
    expect(loadConfig({ PUBLIC_URL: "https://bot.sct.example.gov.vn" }).publicUrl).toBe("https://bot.sct.example.gov.vn");
    expect(loadConfig({ PUBLIC_URL: "https://sct.example.gov.vn/tro-ly" }).publicUrl).toBe("https://sct.example.gov.vn/tro-ly");
  });

  it("refuses anything else, with one clear message", () => {
    expect(problemsOf({ PUBLIC_URL: "bot.sct.gov.vn" })).toEqual(["PUBLIC_URL must be an http:// or https:// URL, such as https://bot.sct.example.gov.vn"]);
    expect(problemsOf({ PUBLIC_URL: "ftp://bot.sct.gov.vn" })).toEqual(["PUBLIC_URL must be an http:// or https:// URL, such as https://bot.sct.example.gov.vn"]);
    expect(problemsOf({ PUBLIC_URL: "https://bot.sct.gov.vn/" })).toEqual(["PUBLIC_URL must not end with /"]);
    expect(problemsOf({ PUBLIC_URL: "https://bot.sct.gov.vn?x=1" })).toEqual(["PUBLIC_URL must not have a query (?) or a fragment (#)"]);
  });
});
