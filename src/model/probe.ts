import type { BotErrorCode, ModelError } from "../errors.js";
import type { Log } from "../observability/log.js";
import { ModelUnsupportedError } from "./errors.js";
import type { ModelTransportKind } from "./metrics.js";

export interface ProbeResult {
  /** The service accepted the key and a model id. */
  ok: boolean;
  /** The model id that requests without `model` now use (the fallback when the primary was rejected). */
  model: string;
  /** The primary id was rejected as unavailable and the fallback model answered instead. */
  fallbackUsed: boolean;
  /** The wire the probe went over (`http` when `auto` fell back). */
  transport: ModelTransportKind;
  latencyMs: number;
  /** When not ok: `model_auth` (wrong key), `model_unavailable` (unknown model id), `model_connection`… */
  error?: ModelError;
}

export interface ProbeDeps {
  primary: string;
  fallback: string | undefined;
  log: Log;
  /** Asks the service about one model id; rejects with the ModelError it answered. */
  check(model: string): Promise<ModelTransportKind>;
  /** Called when the fallback model answered, so later requests use it. */
  useModel(model: string): void;
}

/**
 * The start-up check: a warm-up request (`generate: false` on the socket, `GET /models/{id}` over
 * HTTP) so that a wrong key or an unavailable model id shows in the log at start, not on the first
 * review. The primary id, then the fallback when the primary is rejected as unavailable.
 */
export async function probeModels(
  deps: ProbeDeps,
  now: () => number = () => performance.now(),
): Promise<ProbeResult> {
  const started = now();
  const elapsed = (): number => Math.round(now() - started);
  let lastTransport: ModelTransportKind = "ws";
  const attempt = async (model: string): Promise<ModelError | undefined> => {
    try {
      lastTransport = await deps.check(model);
      return undefined;
    } catch (error) {
      return error as ModelError;
    }
  };

  const primaryError = await attempt(deps.primary);
  if (!primaryError) {
    deps.log.info({ model: deps.primary, transport: lastTransport, latencyMs: elapsed() }, "model probe ok");
    return {
      ok: true,
      model: deps.primary,
      fallbackUsed: false,
      transport: lastTransport,
      latencyMs: elapsed(),
    };
  }
  if (primaryError instanceof ModelUnsupportedError && deps.fallback && deps.fallback !== deps.primary) {
    deps.log.warn(
      { model: deps.primary, fallback: deps.fallback, code: primaryError.code },
      `model ${deps.primary} is not available to this API key; trying the fallback model ${deps.fallback}`,
    );
    const fallbackError = await attempt(deps.fallback);
    if (!fallbackError) {
      deps.useModel(deps.fallback);
      deps.log.info(
        { model: deps.fallback, transport: lastTransport },
        "model probe ok with the fallback model",
      );
      return {
        ok: true,
        model: deps.fallback,
        fallbackUsed: true,
        transport: lastTransport,
        latencyMs: elapsed(),
      };
    }
    return failed(deps, deps.fallback, fallbackError, lastTransport, elapsed());
  }
  return failed(deps, deps.primary, primaryError, lastTransport, elapsed());
}

const ADVICE: Partial<Record<BotErrorCode, string>> = {
  model_auth: "the API key was refused: check OPENAI_API_KEY (and the organization/project headers)",
  model_unavailable:
    "the model id is not available to this API key: check CODEX_MODEL or set CODEX_FALLBACK_MODEL",
  model_quota: "the API key has no quota left",
  model_rate_limited: "the service is rate-limiting this key",
  model_connection: "the model service could not be reached",
};

function failed(
  deps: ProbeDeps,
  model: string,
  error: ModelError,
  transport: ModelTransportKind,
  latencyMs: number,
): ProbeResult {
  const advice = ADVICE[error.code] ?? "the model service refused the warm-up request";
  deps.log.error(
    { model, code: error.code, retryable: error.retryable },
    `model probe failed: ${advice} (${error.message})`,
  );
  return { ok: false, model, fallbackUsed: false, transport, latencyMs, error };
}
