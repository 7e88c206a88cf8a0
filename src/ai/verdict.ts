/**
 * The AI verdict (SPEC §3): detected evidence, plus the label itself, with
 * the sticky-label rule read from the PR's timeline so every replica agrees.
 */
import type { Config } from "../policy/config-schema.js";
import type { AiVerdict } from "../policy/decision.js";
import type { Snapshot, TimelineEvent } from "../policy/snapshot.js";
import { detectEvidence } from "./detect.js";
import type { Evidence } from "./evidence.js";

type LabelEvent = Extract<TimelineEvent, { kind: "labeled" | "unlabeled" }>;

/** The latest labeled/unlabeled event for `label` (names compare case-insensitively, as GitHub's do). */
export function latestLabelEvent(timeline: TimelineEvent[], label: string): LabelEvent | undefined {
  const name = label.toLowerCase();
  let latest: LabelEvent | undefined;
  for (const e of timeline) {
    if (e.kind !== "labeled" && e.kind !== "unlabeled") continue;
    if (e.label.toLowerCase() !== name) continue;
    // Timeline order is chronological; createdAt guards against a merged, unsorted list.
    if (!latest || e.createdAt >= latest.createdAt) latest = e;
  }
  return latest;
}

function labelEvidence(label: string, added: LabelEvent | undefined): Evidence {
  const by = added?.kind === "labeled" && added.actor ? ` (added by @${added.actor.login})` : "";
  return {
    tool: "label",
    signal: "label",
    matched: `${label}${by}`,
    where: "PR labels",
    confidence: "high",
  };
}

/**
 * `canOverride(login)`: whether that person may override the verdict.
 * The app only ever adds the label (`shouldLabel`); it never removes it.
 */
export function aiVerdict(
  snapshot: Snapshot,
  config: Config,
  canOverride: (login: string) => boolean,
): AiVerdict {
  const label = config.ai.label;
  const pr = snapshot.pullRequest;
  const labelPresent = pr.labels.some((l) => l.toLowerCase() === label.toLowerCase());
  const detected = detectEvidence(
    { author: pr.author, body: pr.body, headRef: pr.headRef },
    snapshot.commits,
    config.ai,
  );
  const latest = latestLabelEvent(snapshot.timeline, label);
  const remover = latest?.kind === "unlabeled" ? latest.actor : null;
  // An overrider's removal stands until someone labels again. A label on the
  // PR now means a later labeled event exists (even if the timeline lags).
  if (!labelPresent && remover && canOverride(remover.login)) {
    return {
      assisted: false,
      evidence: detected,
      clearedBy: { login: remover.login, at: latest!.createdAt },
      label,
      labelPresent,
      shouldLabel: false,
    };
  }
  const evidence = labelPresent ? [...detected, labelEvidence(label, latest)] : detected;
  const assisted = evidence.length > 0;
  return { assisted, evidence, label, labelPresent, shouldLabel: assisted && !labelPresent };
}
