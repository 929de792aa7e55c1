import { describe, expect, it } from "vitest";
import { needsAppSetup, parseEnv, requireForRole } from "../../../src/config/env.js";
import { ConfigError } from "../../../src/errors.js";

const KEY = "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n";

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      ROLE: "all",
      PORT: 3000,
      QUEUE_PREFIX: "codex",
      CODEX_MODEL: "gpt-5.3-codex-spark",
      CODEX_TRANSPORT: "ws",
      CODEX_TRIGGER: "@codex",
      OPENAI_BASE_URL: "https://api.openai.com/v1",
      githubBaseUrl: "https://api.github.com",
    });
    expect(needsAppSetup(env)).toBe(true);
  });

  it("points every GitHub call at a GitHub Enterprise Server host", () => {
    expect(parseEnv({ GHE_HOST: "ghe.example.com" }).githubBaseUrl).toBe("https://ghe.example.com/api/v3");
    expect(parseEnv({ GHE_HOST: "127.0.0.1:8080", GHE_PROTOCOL: "http" }).githubBaseUrl).toBe(
      "http://127.0.0.1:8080/api/v3",
    );
  });

  it("accepts a private key with escaped newlines or base64-encoded", () => {
    expect(parseEnv({ PRIVATE_KEY: KEY.replace(/\n/g, "\\n") }).privateKey).toBe(KEY);
    expect(parseEnv({ PRIVATE_KEY: Buffer.from(KEY).toString("base64") }).privateKey).toBe(KEY);
  });

  it("names every invalid variable in one message", () => {
    expect(() => parseEnv({ PORT: "http", ROLE: "both", QUEUE_REDIS_URL: "not a url" })).toThrowError(
      /PORT[\s\S]*ROLE|ROLE[\s\S]*PORT/,
    );
    try {
      parseEnv({ ROLE: "both", QUEUE_REDIS_URL: "nope" });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain("QUEUE_REDIS_URL");
    }
  });

  it("tells which variables a role is missing", () => {
    const env = parseEnv({ APP_ID: "12", PRIVATE_KEY: KEY });
    expect(() => requireForRole(env, "web")).toThrowError(/WEBHOOK_SECRET/);
    expect(() => requireForRole(env, "worker")).toThrowError(/OPENAI_API_KEY/);
    expect(() => requireForRole(parseEnv({}), "worker")).toThrowError(
      /APP_ID, PRIVATE_KEY \(or PRIVATE_KEY_PATH\), OPENAI_API_KEY/,
    );
  });

  it("refuses a PRIVATE_KEY_PATH that cannot be read", () => {
    expect(() => parseEnv({ PRIVATE_KEY_PATH: "/nonexistent/key.pem" })).toThrowError(/cannot be read/);
  });
});
