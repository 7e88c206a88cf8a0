/**
 * Judge a pull request and tell GitHub. A check run belongs to a commit, and
 * GitHub's required check reads the commit (SPEC §7), so the verdict written
 * is the joint verdict of every open PR whose head is that commit, with the
 * head's state (PRs seen, arrivals, revokes, pushers) in the same write.
 * Any failure becomes a failing `Could not evaluate` check carrying GitHub's
 * request id, never a silent pass.
 */
import type { Logger } from "probot";
import { findCheckRun, reportCheck } from "../github/check-run.js";
import { describeError, requestIdOf } from "../github/errors.js";
import { applyLabels, type ColourLabels } from "../github/labels.js";
import { LimitError } from "../github/limits.js";
import { openPullsWithHead, pullHeadSha } from "../github/pulls.js";
import type { SnapshotTarget } from "../github/snapshot.js";
import type { Conclusion, Decision } from "../model/decision.js";
import {
  addRevoke,
  type HeadState,
  keepPulls,
  MAX_HEAD_PULLS,
  mergeState,
  notePull,
  parseHeadState,
  renderHeadState,
  type StateFacts,
  statePullNumbers,
} from "../model/head-state.js";
import { errorDecision } from "../policy/error-decision.js";
import { firstRunOf } from "../policy/first-run.js";
import { revokeRecords } from "../policy/revokes.js";
import type { RenderContext } from "../render/check-output.js";
import { type HeadMember, renderHeadCheck } from "../render/head-check.js";
import { CHECK_TEXT_MAX_BYTES, fitBytes } from "../render/limits.js";
import type { Metrics } from "../runtime/metrics.js";
import type { HeadLocks } from "./head-locks.js";
import { factsFor, type JudgeDeps, type Judgement, judgePull } from "./judge.js";

export interface ReportDeps extends JudgeDeps {
  appId: number | null;
  metrics: Metrics;
  log: Logger;
  locks: HeadLocks;
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
  facts: StateFacts[] = [],
): Promise<Judgement | null> {
  const stopTimer = deps.metrics.latency.startTimer();
  const repoKey = `${target.owner}/${target.repo}`.toLowerCase();
  // A burst may hold several pushes: carry forward from the earliest head it left.
  const before = target.previousHeadSha ?? facts.find((f) => f.before)?.before;
  const judged: ReportTarget = before ? { ...target, previousHeadSha: before } : target;
  try {
    const since = await deps.locks.generation(repoKey);
    const first = await judgePull(deps, judged, { facts });
    const head = first.snapshot.pullRequest.headOid;
    const after: { colourLabels?: ColourLabels | undefined } = {};
    const judgement = await deps.locks.run(repoKey, head, since, async (stale) => {
      // Another evaluation wrote this head after we read it: read again, under the lock.
      const primary = stale ? await judgePull(deps, judged, { facts }) : first;
      after.colourLabels = await reportHead(deps, target, primary);
      await deps.locks.wrote(repoKey, head);
      return primary;
    });
    // Outside the head's lock: a rate-limited colouring must not hold the head.
    await after.colourLabels?.(deps.log);
    return judgement;
  } catch (err) {
    await reportFailure(deps, judged, err, facts);
    return null;
  } finally {
    stopTimer();
  }
}

/** `associatedPullRequests(first: 20)` in the snapshot query: a full page may hide more. */
const ASSOCIATION_PAGE = 20;

/** A member of the joint verdict: judged, or not judgeable (which fails the commit). */
type Member = { number: number; judgement: Judgement } | { number: number; error: unknown };

/**
 * The PRs on the primary's head (SPEC §7): those the state recorded, those
 * GitHub associates with the commit, the primary itself — and, when the
 * association misses the primary (a fork's head, a commit on the default
 * branch), every open PR listed and filtered by head. Each is re-read and
 * dropped if closed or moved.
 */
async function reportHead(deps: ReportDeps, target: ReportTarget, primary: Judgement) {
  const snap = primary.snapshot;
  const head = snap.pullRequest.headOid;
  const open = snap.pullRequest.state === "OPEN";
  const candidates = new Set<number>(statePullNumbers(snap.headState));
  for (const p of snap.headPulls) if (p.open && p.headOid === head) candidates.add(p.number);
  // The association misses forks' heads and default-branch commits, and lists one page.
  const missed = !snap.headPulls.some((p) => p.number === snap.pullRequest.number);
  if (open && (missed || snap.headPulls.length >= ASSOCIATION_PAGE)) {
    for (const n of await openPullsWithHead(deps.gh, target, head)) candidates.add(n);
  }
  candidates.delete(snap.pullRequest.number);
  if (candidates.size + 1 > MAX_HEAD_PULLS) {
    throw new LimitError(
      `${candidates.size + 1} pull requests share this head commit; Countersign judges at most ${MAX_HEAD_PULLS} on one commit, and will not pass it on a partial set.`,
    );
  }
  const members: Member[] = open ? [{ number: snap.pullRequest.number, judgement: primary }] : [];
  for (const number of [...candidates].sort((a, b) => a - b)) {
    const member = await judgeMember(deps, target, number, snap.headState, head);
    if (member) members.push(member);
  }
  if (members.length === 0) return undefined; // nothing open on this head: the last verdict stands
  const state = stateToWrite(snap.headState, members);
  const labelled = members.flatMap((m) => {
    const decision = "judgement" in m ? m.judgement.decision : null;
    const label = decision && decision.status !== "error" && decision.ai.shouldLabel;
    return label ? [{ number: m.number, label: decision.ai.label }] : [];
  });
  const colourLabels = await applyLabels(deps.gh, target, labelled);
  await writeVerdict(deps, target, {
    headSha: head,
    existingId: firstRunOf(snap.checkRuns)?.databaseId ?? null,
    members: members.map((m) => headMember(deps, target, m, head)),
    state,
  });
  return colourLabels;
}

async function judgeMember(
  deps: ReportDeps,
  target: ReportTarget,
  number: number,
  state: HeadState,
  head: string,
): Promise<Member | null> {
  try {
    const judgement = await judgePull(deps, { ...target, number, bodyHint: null }, { state });
    const pr = judgement.snapshot.pullRequest;
    return pr.state === "OPEN" && pr.headOid === head ? { number, judgement } : null;
  } catch (err) {
    deps.log.error({ err, pr: `${target.owner}/${target.repo}#${number}` }, "countersign: member");
    return { number, error: err };
  }
}

/** The PRs now on the head, and every revoke seen in their comments (a revoke stands once seen). */
function stateToWrite(state: HeadState, members: Member[]): HeadState {
  const next = keepPulls(
    state,
    members.map((m) => m.number),
  );
  for (const m of members) {
    notePull(next, m.number);
    if (!("judgement" in m)) continue;
    for (const r of revokeRecords(m.judgement.snapshot.comments)) addRevoke(next, m.number, r);
  }
  return next;
}

function headMember(deps: ReportDeps, target: ReportTarget, m: Member, head: string): HeadMember {
  const ctx: RenderContext = {
    owner: target.owner,
    repo: target.repo,
    number: m.number,
    ...(deps.serverUrl ? { serverUrl: deps.serverUrl } : {}),
  };
  if ("error" in m) {
    const decision = errorDecision(head, describeError(m.error), requestIdOf(m.error));
    return { number: m.number, baseRef: "?", decision, ctx };
  }
  const { snapshot, loaded, decision } = m.judgement;
  return {
    number: m.number,
    baseRef: snapshot.pullRequest.baseRef,
    decision,
    ctx: { ...ctx, designDoc: loaded.config.design_doc },
  };
}

interface Verdict {
  headSha: string;
  existingId: number | null;
  members: HeadMember[];
  state: HeadState;
}

/** A PR verdict: the joint output of the PRs on the head, with the head's state. */
async function writeVerdict(deps: ReportDeps, target: ReportTarget, v: Verdict): Promise<void> {
  await writeCheck(deps, {
    owner: target.owner,
    repo: target.repo,
    headSha: v.headSha,
    existingId: v.existingId,
    out: renderHeadCheck(v.members),
    state: v.state,
    decisions: v.members.map((m) => m.decision),
    pulls: v.members.map((m) => m.number),
  });
}

export interface CheckWrite {
  owner: string;
  repo: string;
  headSha: string;
  existingId: number | null;
  out: { conclusion: Conclusion; title: string; summary: string; text: string };
  /** The head's state, kept at the start of `text`; null for a merge group's head, which has none. */
  state: HeadState | null;
  /** The decisions behind the verdict, counted in the metrics. */
  decisions: Decision[];
  pulls: number[];
}

/**
 * Every verdict Countersign writes — a PR's, a shared head's, a merge
 * group's, a failure's — goes through here (as the DCO app funnels through
 * `reportDCO`): one check run per head, counted and logged alike.
 */
export async function writeCheck(
  deps: { gh: ReportDeps["gh"]; metrics: Metrics; log: Logger },
  w: CheckWrite,
): Promise<void> {
  // The state goes first and whole; the text is fitted into what is left of GitHub's limit.
  const stateBlock = w.state ? renderHeadState(w.state) : "";
  const room = CHECK_TEXT_MAX_BYTES - Buffer.byteLength(stateBlock, "utf8") - 2;
  const body = w.out.text ? fitBytes(w.out.text, Math.max(0, room)) : "";
  const text = [stateBlock, body].filter(Boolean).join("\n\n");
  await reportCheck(deps.gh, {
    owner: w.owner,
    repo: w.repo,
    headSha: w.headSha,
    existingId: w.existingId,
    conclusion: w.out.conclusion,
    title: w.out.title,
    summary: w.out.summary,
    text,
  });
  for (const d of w.decisions) {
    deps.metrics.evaluations.inc({ conclusion: d.conclusion, status: d.status });
  }
  deps.log.info(
    {
      repository: `${w.owner}/${w.repo}`,
      head: w.headSha,
      pulls: w.pulls,
      conclusion: w.out.conclusion,
      title: w.out.title,
    },
    "countersign: check reported",
  );
}

async function reportFailure(
  deps: ReportDeps,
  target: ReportTarget,
  err: unknown,
  facts: StateFacts[],
): Promise<void> {
  const requestId = requestIdOf(err);
  deps.log.error(
    { err, requestId, pr: `${target.owner}/${target.repo}#${target.number}` },
    "countersign: evaluation failed",
  );
  try {
    // Events that name no head (comments, pushes) still get the failure on the PR's head,
    // or its last verdict would stand (one read, only on this error path).
    const headSha = target.headShaHint ?? (await pullHeadSha(deps.gh, target));
    const repoKey = `${target.owner}/${target.repo}`.toLowerCase();
    // Under the head's lock, like every write: a head keeps one run, and its state.
    await deps.locks.run(repoKey, headSha, 0, async () => {
      const decision = errorDecision(headSha, describeError(err), requestId);
      const existing = await findCheckRun(deps.gh, target, headSha, deps.appId);
      const previous = target.previousHeadSha
        ? await findCheckRun(deps.gh, target, target.previousHeadSha, deps.appId)
        : null;
      // The state is rewritten with every write, "Could not evaluate" included (SPEC §7).
      const state = mergeState(
        parseHeadState(existing?.text),
        previous ? parseHeadState(previous.text) : null,
        factsFor(headSha, facts),
      );
      const ctx = { owner: target.owner, repo: target.repo, number: target.number };
      await writeVerdict(deps, target, {
        headSha,
        existingId: existing?.id ?? null,
        members: [{ number: target.number, baseRef: "?", decision, ctx }],
        state,
      });
      await deps.locks.wrote(repoKey, headSha);
    });
  } catch (writeErr) {
    deps.log.error({ err: writeErr }, "countersign: could not report the failure either");
    throw err;
  }
}
