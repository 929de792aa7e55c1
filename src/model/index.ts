export { createModelClient, type ModelClient } from "./client.js";
export {
  DEFAULT_BASE_URL,
  DEFAULT_MODEL,
  socketUrl,
  type ModelClientOptions,
  type TransportMode,
} from "./options.js";
export { noopModelMetrics } from "./metrics.js";
export type {
  ModelMetricLabels,
  ModelMetrics,
  ModelReconnectReason,
  ModelRetryReason,
  ModelTransportKind,
} from "./metrics.js";
export type { ProbeResult } from "./probe.js";
export { ConnectError, ConnectionLimitError, ModelIncompleteError, ModelUnsupportedError } from "./errors.js";
