import { describe, expect, it } from "vitest";
import { parseEnv } from "../../../src/config/env.js";
import { ConfigError } from "../../../src/errors.js";
import { parseRedisTarget, redactUrl } from "../../../src/config/redis-target.js";

describe("QUEUE_REDIS_URL", () => {
  it.each([
    ["redis://127.0.0.1:6379", { kind: "single", url: "redis://127.0.0.1:6379", tls: false }],
    ["rediss://:pw@cache.example.com:6380/2", { kind: "single", tls: true }],
    [
      "redis+cluster://10.0.0.1:7000,10.0.0.2:7001",
      {
        kind: "cluster",
        tls: false,
        nodes: [
          { host: "10.0.0.1", port: 7000 },
          { host: "10.0.0.2", port: 7001 },
        ],
      },
    ],
    [
      "rediss+cluster://bot:s%40cret@h1:7000,h2",
      {
        kind: "cluster",
        tls: true,
        username: "bot",
        password: "s@cret",
        nodes: [
          { host: "h1", port: 7000 },
          { host: "h2", port: 6379 },
        ],
      },
    ],
    [
      "redis+sentinel://:pw@s1:26379,s2:26379/mymaster",
      {
        kind: "sentinel",
        masterName: "mymaster",
        password: "pw",
        sentinels: [
          { host: "s1", port: 26379 },
          { host: "s2", port: 26379 },
        ],
      },
    ],
  ])("reads %s", (url, expected) => {
    expect(parseRedisTarget(url)).toMatchObject(expected);
  });

  it.each([
    ["http://127.0.0.1:6379", /scheme/],
    ["redis+cluster://h1:notaport", /not a host:port/],
    ["redis+sentinel://s1:26379", /master's name/],
    ["nope", /not a URL/],
  ])("refuses %s with a clear message", (url, message) => {
    expect(() => parseRedisTarget(url)).toThrowError(ConfigError);
    expect(() => parseRedisTarget(url)).toThrowError(message);
  });

  it("never shows a password in its messages", () => {
    expect(redactUrl("redis+cluster://bot:hunter2@h1:7000")).toBe("redis+cluster://bot:***@h1:7000");
    expect(() => parseRedisTarget("redis+cluster://bot:hunter2@h1:x")).toThrowError(/^(?!.*hunter2)/s);
  });
});

describe("key prefixes", () => {
  it("keeps the queue prefix for app state on a single Redis", () => {
    const env = parseEnv({ QUEUE_REDIS_URL: "redis://127.0.0.1:6379", QUEUE_PREFIX: "{bot}" });
    expect(env).toMatchObject({ QUEUE_PREFIX: "{bot}", statePrefix: "{bot}" });
    expect(parseEnv({})).toMatchObject({ QUEUE_PREFIX: "codex", statePrefix: "codex" });
  });

  it("tags the queue prefix by default on a Cluster and lets each PR's keys spread", () => {
    const env = parseEnv({ QUEUE_REDIS_URL: "redis+cluster://127.0.0.1:7000" });
    expect(env).toMatchObject({ QUEUE_PREFIX: "{codex}", statePrefix: "codex" });
    expect(env.redisTarget?.kind).toBe("cluster");
  });

  it("refuses a Cluster prefix without a hash tag, saying which to use", () => {
    expect(() =>
      parseEnv({ QUEUE_REDIS_URL: "redis+cluster://127.0.0.1:7000", QUEUE_PREFIX: "bot" }),
    ).toThrowError(/QUEUE_PREFIX=\{bot\}/);
  });

  it("names QUEUE_REDIS_URL when it is malformed", () => {
    expect(() => parseEnv({ QUEUE_REDIS_URL: "redis+cluster://h:x" })).toThrowError(/QUEUE_REDIS_URL/);
  });
});
