/**
 * `GET /healthz` (liveness: 200 while the process is alive), `GET /readyz`
 * (readiness: 503 while shutting down or when Redis does not answer) and
 * `GET /metrics` (SPEC §1). Served in front of Probot's webhook middleware by
 * `src/runtime/server.ts`, and added to Probot's own server through `addHandler` when
 * the app runs under `probot run`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Lifecycle } from "./lifecycle.js";
import type { Metrics } from "./metrics.js";

const JSON_TYPE = "application/json";

export function healthAndMetrics(
  metrics: Metrics,
  lifecycle: Lifecycle,
  opts: { serveMetrics?: boolean } = {},
) {
  const serveMetrics = opts.serveMetrics ?? true;
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET") return false;
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": JSON_TYPE }).end('{"status":"ok"}');
      return true;
    }
    if (path === "/readyz") {
      const { ready, reasons } = await lifecycle.readiness();
      res
        .writeHead(ready ? 200 : 503, { "content-type": JSON_TYPE })
        .end(JSON.stringify(ready ? { status: "ready" } : { status: "not ready", reasons }));
      return true;
    }
    if (path === "/metrics" && serveMetrics) {
      await metricsHandler(metrics)(req, res);
      return true;
    }
    return false;
  };
}

/** Prometheus's text format, for any GET. */
export function metricsHandler(metrics: Metrics) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res
      .writeHead(200, { "content-type": metrics.registry.contentType })
      .end(await metrics.registry.metrics());
  };
}
