/** What the server hands the app function beside Probot's own options. */
import type { ApplicationFunctionOptions } from "probot";
import type { Lifecycle } from "./lifecycle.js";
import type { Metrics } from "./metrics.js";

export interface CountersignOptions extends Partial<ApplicationFunctionOptions> {
  /** Readiness and draining, shared with the server (`src/runtime/server.ts`); one of its own otherwise. */
  lifecycle?: Lifecycle;
  /** Where `/metrics` is served: by the app's handler (default), or elsewhere (`METRICS_PORT`). */
  metrics?: Metrics;
}
