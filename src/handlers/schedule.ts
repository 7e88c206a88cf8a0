/** Scheduling a PR's evaluation: coalesced per PR, serialised per head (in the job), with the delivery's facts. */
import type { Context } from "probot";
import { withRequestLog } from "../github/request-log.js";
import type { StateFacts } from "../model/head-state.js";
import type { Judgement } from "../pipeline/judge.js";
import { evaluateAndReport, type ReportTarget } from "../pipeline/report.js";
import { causedByApp } from "../runtime/deliveries.js";
import type { AppContext } from "./app-context.js";
import { type PullPlace, placeOf, type RepoPayload } from "./payload.js";

/**
 * Evaluate one PR (coalesced with other events for it) and report the check.
 * `facts` are what this delivery adds to the head's state; a burst's facts
 * all reach the one evaluation that runs.
 */
export function schedulePull(
  ac: AppContext,
  context: Context,
  target: PullTarget,
  facts: StateFacts[] = [],
  options: ScheduleOptions = {},
): Promise<Judgement | null> {
  return scheduleAt(ac, placeOf(context), target, facts, options);
}

export interface ScheduleOptions {
  /** Start without waiting for the quiet window (SPEC §9: acknowledgements and label put-backs are not delayed). */
  urgent?: boolean;
}

type PullTarget = Omit<ReportTarget, "owner" | "repo" | "appId" | "customProperties">;

export function scheduleAt(
  ac: AppContext,
  place: PullPlace,
  target: PullTarget,
  facts: StateFacts[] = [],
  options: ScheduleOptions = {},
): Promise<Judgement | null> {
  const { owner, repo } = place;
  const key = `${place.installationId}:${owner}/${repo}#${target.number}`;
  if (facts.length > 0) ac.pendingFacts.set(key, [...(ac.pendingFacts.get(key) ?? []), ...facts]);
  const takeFacts = () => {
    const taken = ac.pendingFacts.get(key) ?? [];
    ac.pendingFacts.delete(key);
    return taken;
  };
  // Every line of the evaluation, GitHub's requests included, names the delivery
  // (Probot's `id`), the repository and the PR (SPEC §1).
  const log = place.log.child({ repository: `${owner}/${repo}`, pr: target.number });
  // Coalesced callers all get the judgement of the one job that ran (the latest).
  const job = () =>
    withRequestLog(log, () =>
      evaluateAndReport(
        {
          gh: place.gh,
          installationId: place.installationId,
          teams: ac.teams,
          appId: ac.appId,
          metrics: ac.metrics,
          log,
          serverUrl: ac.serverUrl,
          locks: ac.locks,
        },
        {
          owner,
          repo,
          appId: ac.appId,
          customProperties: place.customProperties,
          ...target,
        },
        takeFacts(),
      ),
    );
  // The head lock (in the job) serialises per commit; the scheduler coalesces per PR.
  return ac.scheduler.run(key, job, options);
}

/** The PR a `pull_request` or `pull_request_review` payload carries, with its body and head. */
interface PayloadPull {
  number: number;
  state: string;
  body: string | null;
  head: { sha: string };
}

/**
 * Evaluate the PR an event's payload carries, unless the app caused the
 * event or the PR is closed. The payload's body names the design-doc paths,
 * so the snapshot stays one query.
 */
export async function schedulePayloadPull(
  ac: AppContext,
  context: Context,
  pr: PayloadPull,
  more: { facts?: StateFacts[] } & ScheduleOptions = {},
): Promise<void> {
  if (await causedByApp(ac, context.payload as RepoPayload)) return;
  if (pr.state !== "open") return;
  await schedulePull(
    ac,
    context,
    {
      number: pr.number,
      bodyHint: pr.body ?? "",
      headShaHint: pr.head.sha,
    },
    more.facts ?? [],
    { urgent: more.urgent },
  );
}
