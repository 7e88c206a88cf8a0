/**
 * Judge a pull request and tell GitHub: the check run (one write), and the
 * AI label when it changes. Any failure becomes a failing `Could not
 * evaluate` check carrying GitHub's request id, never a silent pass.
 */
import type { Logger } from "probot";
import { findCheckRun, reportCheck } from "../github/check-run.js";
import { describeError, requestIdOf } from "../github/errors.js";
import { applyLabel } from "../github/labels.js";
import { pullHeadSha } from "../github/pulls.js";
import type { SnapshotTarget } from "../github/snapshot.js";
import type { Metrics } from "../metrics.js";
import type { Decision } from "../policy/decision.js";
import { errorDecision } from "../policy/error-decision.js";
import type { CheckRunInfo } from "../policy/snapshot.js";
import { renderCheck } from "../render/check-output.js";
import { type JudgeDeps, type Judgement, judgePull } from "./judge.js";

export interface ReportDeps extends JudgeDeps {
  appId: number | null;
  metrics: Metrics;
  log: Logger;
  /** `https://github.com`, or the GHE server, for links in the check output. */
  serverUrl?: string;
}

export interface ReportTarget extends SnapshotTarget {
  /** The head SHA the event named, so a failure can still be reported on it. */
  headShaHint?: string | null;
}

export async function evaluateAndReport(
  deps: ReportDeps,
  target: ReportTarget,
): Promise<Judgement | null> {
  const stopTimer = deps.metrics.latency.startTimer();
  try {
    const judgement = await judgePull(deps, target);
    if (judgement.snapshot.pullRequest.state !== "OPEN") return judgement;
    // The label first, so the check can say it was added.
    if (judgement.decision.ai.shouldLabel) {
      await applyLabel(deps.gh, target, judgement.decision.ai.label);
    }
    await writeDecision(
      deps,
      target,
      judgement.decision,
      firstRun(judgement.snapshot.checkRuns),
      judgement,
    );
    return judgement;
  } catch (err) {
    await reportFailure(deps, target, err);
    return null;
  } finally {
    stopTimer();
  }
}

async function writeDecision(
  deps: ReportDeps,
  target: ReportTarget,
  decision: Decision,
  existingId: number | null,
  judgement?: Judgement,
): Promise<void> {
  const config = judgement?.loaded.config;
  const out = renderCheck(decision, {
    owner: target.owner,
    repo: target.repo,
    number: target.number,
    ...(deps.serverUrl ? { serverUrl: deps.serverUrl } : {}),
    ...(config ? { designDoc: config.design_doc } : {}),
  });
  await reportCheck(deps.gh, {
    owner: target.owner,
    repo: target.repo,
    headSha: decision.headSha,
    existingId,
    conclusion: out.conclusion,
    title: out.title,
    summary: out.summary,
    text: out.text,
  });
  deps.metrics.evaluations.inc({ conclusion: out.conclusion, status: decision.status });
  deps.log.info(
    {
      pr: `${target.owner}/${target.repo}#${target.number}`,
      conclusion: out.conclusion,
      title: out.title,
    },
    "countersign: check reported",
  );
}

/** The run Countersign first created on this head: the one to update in place. */
export function firstRun(runs: CheckRunInfo[]): number | null {
  const sorted = [...runs].sort((a, b) => (a.startedAt ?? "").localeCompare(b.startedAt ?? ""));
  return sorted[0]?.databaseId ?? null;
}

async function reportFailure(deps: ReportDeps, target: ReportTarget, err: unknown): Promise<void> {
  const requestId = requestIdOf(err);
  deps.log.error(
    { err, requestId, pr: `${target.owner}/${target.repo}#${target.number}` },
    "countersign: evaluation failed",
  );
  try {
    // Events that name no head (comments, pushes) still get the failure on the PR's head,
    // or its last verdict would stand (one read, only on this error path).
    const headSha = target.headShaHint ?? (await pullHeadSha(deps.gh, target));
    const decision = errorDecision(headSha, describeError(err), requestId);
    const existing = await findCheckRun(deps.gh, target, headSha, deps.appId);
    await writeDecision(deps, target, decision, existing);
  } catch (writeErr) {
    deps.log.error({ err: writeErr }, "countersign: could not report the failure either");
    throw err;
  }
}
