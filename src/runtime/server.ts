/**
 * The webhook server `npm start` runs (SPEC §1): the project's own
 * `node:http` server, with the intake guard (`intake.ts`: 25 MB cap, HMAC
 * before parsing) and draining in front of Probot's app and webhook
 * middleware (`createNodeMiddleware`). Probot's `run()` serves only the
 * setup flow, when there is no app yet (no `APP_ID` or private key).
 *
 * Probot's environment variables mean what Probot documents: `APP_ID`,
 * `PRIVATE_KEY`/`PRIVATE_KEY_PATH`, `WEBHOOK_SECRET`, `WEBHOOK_PATH`,
 * `PORT`, `HOST`, `LOG_LEVEL`, `LOG_FORMAT`, `GHE_HOST`, `GHE_PROTOCOL`,
 * `REDIS_URL`, and `.env` in the working directory is applied as `probot
 * run` applies it (its values win).
 *
 * On SIGTERM (or SIGINT): new webhooks get 503, `/readyz` 503, pending
 * coalescing windows close at once, evaluations in flight finish (up to
 * `COUNTERSIGN_DRAIN_MS`, 25 s), Redis is closed, and the process exits 0.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { getPrivateKey } from "@probot/get-private-key";
import { createNodeMiddleware, createProbot, type Logger, type Probot, run } from "probot";
import { CountersignOctokit } from "../github/faults.js";
import { EvaluatePool, evalBudgetMs, installEvaluatePool } from "../pipeline/evaluate-pool.js";
import { webhookUrl } from "../setup/manifest.js";
import { metricsHandler } from "./http-routes.js";
import { readVerifiedBody, refuse } from "./intake.js";
import { Lifecycle } from "./lifecycle.js";
import { Metrics } from "./metrics.js";
import type { CountersignOptions } from "./options.js";
import { assertSafeToStart, drainMs } from "./startup.js";

const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

export interface RunningCountersign {
  server: Server;
  metricsServer: Server | null;
  lifecycle: Lifecycle;
  log: Logger;
  /** Drains and closes everything; resolves with whether what was in flight finished. */
  shutdown(): Promise<boolean>;
}

/** `.env` in the working directory, applied over the environment as `probot run` does. */
export function applyDotEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): void {
  let text: string;
  try {
    text = readFileSync(join(cwd, ".env"), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  Object.assign(env, parseEnv(text));
}

function privateKeyOf(env: NodeJS.ProcessEnv): string | null {
  try {
    return getPrivateKey({ env })?.toString() || null;
  } catch {
    return null;
  }
}

/** `LOG_FORMAT` as Probot reads it: pretty or json, json by default in production. */
function logFormat(env: NodeJS.ProcessEnv): "json" | "pretty" {
  if (env.LOG_FORMAT) return env.LOG_FORMAT === "pretty" ? "pretty" : "json";
  return env.NODE_ENV === "production" ? "json" : "pretty";
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://localhost").pathname.replace(/\/+$/, "") || "/";
  } catch {
    return "";
  }
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host }, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function notFound(res: ServerResponse): void {
  if (res.headersSent) return;
  res.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}\n');
}

/** Starts the webhook server with an app already registered (APP_ID and a private key). */
/** The Probot app function this server mounts (`src/index.ts`), passed in by `src/start.ts`. */
export type AppFunction = (app: Probot, options: CountersignOptions) => void;

export async function startCountersign(
  countersign: AppFunction,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningCountersign> {
  assertSafeToStart(env);
  const secret = env.WEBHOOK_SECRET || "development";
  const webhookPath = pathOf(env.WEBHOOK_PATH || DEFAULT_WEBHOOK_PATH);
  const probot = createProbot({
    env,
    overrides: {
      // `probot run` logs at info; `new Probot()` would log at warn.
      logLevel: (env.LOG_LEVEL || "info") as "info",
      logFormat: logFormat(env),
      Octokit: CountersignOctokit,
    },
  });
  const lifecycle = new Lifecycle();
  const pool = new EvaluatePool({ budgetMs: evalBudgetMs(env) });
  installEvaluatePool(pool);
  lifecycle.add({ name: "evaluation pool", close: () => pool.close() });
  const separateMetrics = Boolean(env.METRICS_PORT);
  const metrics = new Metrics();
  const middleware = await createNodeMiddleware(
    (app, options) =>
      countersign(app, { ...options, lifecycle, ...(separateMetrics ? { metrics } : {}) }),
    { probot, webhooksPath: webhookPath },
  );
  const log = probot.log;

  let inFlight = 0;
  let settled: (() => void)[] = [];
  lifecycle.add({
    name: "webhooks",
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => settled.push(r))),
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (pathOf(req.url) !== webhookPath || req.method !== "POST") {
      await middleware(req, res, () => notFound(res));
      return;
    }
    if (lifecycle.draining) {
      refuse(req, res, 503, "shutting down: deliver this webhook to another replica");
      return;
    }
    inFlight++;
    try {
      const intake = await readVerifiedBody(req, res, { secret });
      if (!intake.ok) {
        log.warn(
          {
            status: intake.status,
            error: intake.error,
            delivery: req.headers["x-github-delivery"],
            event: req.headers["x-github-event"],
          },
          "countersign: webhook refused",
        );
        return;
      }
      // Probot's middleware takes a string body as read (no second read of the stream).
      (req as IncomingMessage & { body?: string }).body = intake.body;
      await middleware(req, res, () => notFound(res));
    } finally {
      inFlight--;
      if (inFlight === 0) {
        const waiting = settled;
        settled = [];
        for (const done of waiting) done();
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err }, "countersign: request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = Number(env.PORT) || 3000;
  const host = env.HOST || "localhost";
  const address = await listen(server, port, host);
  log.info(`Countersign listening on http://${host}:${address.port}${webhookPath}`);

  let metricsServer: Server | null = null;
  if (separateMetrics) {
    const serveMetrics = metricsHandler(metrics);
    metricsServer = createServer((req, res) => {
      if (req.method === "GET" && pathOf(req.url) === "/metrics") {
        serveMetrics(req, res).catch(() => res.writeHead(500).end());
      } else notFound(res);
    });
    const m = await listen(metricsServer, Number(env.METRICS_PORT), host);
    log.info(`Metrics on http://${host}:${m.port}/metrics`);
  }

  let shuttingDown: Promise<boolean> | null = null;
  const shutdown = () => {
    shuttingDown ??= (async () => {
      const timeoutMs = drainMs(env);
      log.info({ timeoutMs }, "countersign: draining (no new webhooks, /readyz 503)");
      const { drained } = await lifecycle.shutdown(timeoutMs);
      if (drained) log.info("countersign: evaluations in flight finished");
      else log.warn({ timeoutMs }, "countersign: evaluations still running at the drain deadline");
      await Promise.all(
        [server, metricsServer].map(
          (s) =>
            s &&
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
      return drained;
    })();
    return shuttingDown;
  };
  return { server, metricsServer, lifecycle, log, shutdown };
}

/** The entry point: the setup flow without an app, else the server; exits 0 after draining. */
export async function main(countersign: AppFunction): Promise<void> {
  applyDotEnv();
  const env = process.env;
  if (!env.APP_ID || !privateKeyOf(env)) {
    // Probot's manifest flow registers the app from app.yml (and refuses in production).
    // Its manifest's webhook URL is WEBHOOK_PROXY_URL, else the setup page's bare root,
    // which never reaches WEBHOOK_PATH: give it PUBLIC_URL + WEBHOOK_PATH (SPEC §1).
    if (env.PUBLIC_URL && !env.WEBHOOK_PROXY_URL) {
      env.WEBHOOK_PROXY_URL = webhookUrl(env, env.PUBLIC_URL);
    } else if (!env.PUBLIC_URL && !env.WEBHOOK_PROXY_URL) {
      console.warn(
        "countersign: set PUBLIC_URL (this server's public URL) before registering the app: without it the app is registered with a webhook URL that receives nothing.",
      );
    }
    await run(countersign as Parameters<typeof run>[0]);
    return;
  }
  const running = await startCountersign(countersign, env);
  const stop = (signal: string) => {
    running.log.info({ signal }, "countersign: shutting down");
    running.shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        running.log.error({ err }, "countersign: shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}
