/** What lives across events in one process: the scheduler, caches, metrics, the app's identity. */
import type { Context, Probot } from "probot";
import type { GitHubClient } from "../github/client.js";
import type { TeamStore } from "../github/team-cache.js";
import type { Metrics } from "../metrics.js";
import type { Judgement } from "../pipeline/judge.js";
import { evaluateAndReport, type ReportTarget } from "../pipeline/report.js";
import type { PullScheduler } from "../scheduler.js";

export interface AppContext {
  app: Probot;
  appId: number | null;
  scheduler: PullScheduler;
  teams: TeamStore;
  metrics: Metrics;
  serverUrl: string;
  /** The app's bot login (`<slug>[bot]`), looked up once, to ignore events it caused. */
  botLogin(): Promise<string | null>;
}

export interface RepoPayload {
  repository: {
    name: string;
    owner: { login: string };
    custom_properties?: Record<string, string | string[] | null>;
  };
  installation?: { id: number };
  sender?: { login: string; type: string };
}

export function installationId(payload: RepoPayload): number {
  return payload.installation?.id ?? 0;
}

/** Evaluate one PR (coalesced with other events for it) and report the check. */
export function schedulePull(
  ac: AppContext,
  context: Context,
  target: Omit<ReportTarget, "owner" | "repo" | "appId" | "customProperties">,
): Promise<Judgement | null> {
  const payload = context.payload as RepoPayload;
  const owner = payload.repository.owner.login;
  const repo = payload.repository.name;
  const gh = context.octokit as GitHubClient;
  ac.metrics.instrument(gh);
  let result: Judgement | null = null;
  const job = async () => {
    result = await evaluateAndReport(
      {
        gh,
        installationId: installationId(payload),
        teams: ac.teams,
        appId: ac.appId,
        metrics: ac.metrics,
        log: context.log,
        serverUrl: ac.serverUrl,
      },
      {
        owner,
        repo,
        appId: ac.appId,
        customProperties: payload.repository.custom_properties ?? null,
        ...target,
      },
    );
  };
  return ac.scheduler
    .run(`${installationId(payload)}:${owner}/${repo}#${target.number}`, job)
    .then(() => result);
}

/** Events the app itself caused (its labels, comments, check runs) start nothing (SPEC §7). */
export async function causedByApp(ac: AppContext, payload: RepoPayload): Promise<boolean> {
  const sender = payload.sender;
  if (sender?.type !== "Bot") return false;
  const bot = await ac.botLogin();
  return bot != null && sender.login.toLowerCase() === bot.toLowerCase();
}
