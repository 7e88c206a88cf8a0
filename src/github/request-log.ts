/**
 * Every GitHub request an evaluation makes is logged with that evaluation's
 * logger — its delivery id, repository and PR (SPEC §1) — though the client
 * is shared by every evaluation of the installation: the logger travels in
 * an async scope from the scheduled job down to the request hook.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { GitHubClient } from "./client.js";

export interface RequestLogger {
  debug(fields: object, message: string): void;
}

const scope = new AsyncLocalStorage<RequestLogger>();

/** Runs `job` with `log` as the logger of the GitHub requests it makes. */
export function withRequestLog<T>(log: RequestLogger, job: () => Promise<T>): Promise<T> {
  return scope.run(log, job);
}

interface RequestShape {
  method: string;
  url: string;
}

/** Logs each request of `gh` (method, path, status, time) through the caller's scope, else `fallback`. */
export function logRequests(gh: Pick<GitHubClient, "hook">, fallback: RequestLogger): void {
  gh.hook.wrap("request", async (request, options) => {
    const log = scope.getStore() ?? fallback;
    const started = Date.now();
    try {
      const response = await request(options);
      log.debug(line(options, response.status, started), "GitHub request");
      return response;
    } catch (err) {
      const status = (err as { status?: number }).status ?? "network";
      log.debug(line(options, status, started), "GitHub request failed");
      throw err;
    }
  });
}

function line(options: RequestShape, status: number | string, started: number) {
  return { request: `${options.method} ${options.url}`, status, ms: Date.now() - started };
}
