import { afterEach } from "vitest";
import {
  createModelClient,
  type ModelClient,
  type ModelClientOptions,
  type ModelMetrics,
} from "../../../src/model/index.js";
import type { ModelRequest } from "../../../src/review/ports.js";
import { startFakeModel, type FakeModel, type FakeModelOptions } from "../../fakes/model/index.js";

export const SCHEMA = {
  name: "review",
  schema: {
    type: "object",
    properties: { summary: { type: "string" }, note: { type: ["string", "null"] } },
    required: ["summary", "note"],
    additionalProperties: false,
  },
};

export function request(content = "review this", extra: Partial<ModelRequest> = {}): ModelRequest {
  return { instructions: "You review code.", input: [{ role: "user", content }], schema: SCHEMA, ...extra };
}

/** The last user message of a recorded request body. */
export function contentOf(body: Record<string, unknown>): string {
  const input = body.input as { content: string }[] | undefined;
  return input?.at(-1)?.content ?? "";
}

const open: { fakes: FakeModel[]; clients: ModelClient[] } = { fakes: [], clients: [] };

afterEach(async () => {
  await Promise.all(open.clients.splice(0).map((c) => c.close()));
  await Promise.all(open.fakes.splice(0).map((f) => f.close()));
});

/** A fake and a client pointed at it, both closed after the test. Small delays so tests stay quick. */
export async function setup(
  clientOptions: Partial<ModelClientOptions> = {},
  fakeOptions: FakeModelOptions = {},
): Promise<{ fake: FakeModel; client: ModelClient }> {
  const fake = await startFakeModel(fakeOptions);
  open.fakes.push(fake);
  const client = createModelClient({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    reconnectBaseDelayMs: 10,
    reconnectMaxDelayMs: 50,
    requestTimeoutMs: 15_000,
    ...clientOptions,
  });
  open.clients.push(client);
  return { fake, client };
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Settles a promise into a value or the error, for asserting on rejections' fields. */
export async function failure(promise: Promise<unknown>): Promise<{
  code: string;
  retryable: boolean;
  retryAfterMs: number | undefined;
  name: string;
  message: string;
}> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error("expected a rejection");
}

export interface MetricCall {
  hook: keyof ModelMetrics;
  args: unknown[];
}

/** A ModelMetrics that records every call (an implementation of our interface, not a mock of a module). */
export function recordingMetrics(): ModelMetrics & {
  calls: MetricCall[];
  of(hook: keyof ModelMetrics): unknown[][];
} {
  const calls: MetricCall[] = [];
  const hook =
    (name: keyof ModelMetrics) =>
    (...args: unknown[]): void =>
      void calls.push({ hook: name, args });
  return {
    calls,
    of: (name) => calls.filter((c) => c.hook === name).map((c) => c.args),
    timeToFirstToken: hook("timeToFirstToken"),
    requestDuration: hook("requestDuration"),
    tokens: hook("tokens"),
    retry: hook("retry"),
    reconnect: hook("reconnect"),
    openSockets: hook("openSockets"),
    inFlight: hook("inFlight"),
  };
}
