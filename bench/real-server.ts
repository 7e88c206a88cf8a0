/**
 * The server process as `npm start` runs it (`node lib/start.js`, built by
 * `npm run build`), against the GitHub double in this process on loopback:
 * Probot's production throttle is ON (it spaces each installation's GraphQL
 * calls and writes a second apart), and evaluation runs in the worker pool.
 * Shared by the throttled rows of `npm run bench` and by `npm run soak`.
 */
import { readFileSync } from "node:fs";
import { sign } from "@octokit/webhooks-methods";
import { type GitHubDouble, startGitHubDouble } from "../test/support/github-double.js";
import {
  type RunningServer,
  startServer,
  testKeys,
  WEBHOOK_SECRET,
} from "../test/support/server.js";

export interface RealServer {
  gh: GitHubDouble;
  server: RunningServer;
  close(): Promise<void>;
}

export async function startRealServer(env: Record<string, string> = {}): Promise<RealServer> {
  const gh = await startGitHubDouble({ appId: 4242, publicKey: testKeys.publicKey });
  const server = await startServer({ gheHost: gh.host, appId: 4242, env });
  return {
    gh,
    server,
    close: async () => {
      await server.stop();
      await gh.close();
    },
  };
}

/** A signed webhook; resolves with the status once the server answered. */
export async function postWebhook(
  server: RunningServer,
  event: string,
  payload: unknown,
): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(server.webhookUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": crypto.randomUUID(),
      "x-hub-signature-256": await sign(WEBHOOK_SECRET, body),
    },
    body,
  });
  await res.text();
  return res.status;
}

/** A process's resident memory in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m?.[1]) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
}

export function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

export function round(x: number): number {
  return Math.round(x * 10) / 10;
}
