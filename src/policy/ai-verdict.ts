/**
 * The AI verdict (SPEC §3): detected evidence, plus the label itself, with
 * the sticky-label rule read from the PR's timeline so every replica agrees.
 */

import { detectEvidence } from "../ai/detect.js";
import type { Config } from "../model/config-schema.js";
import type { AiVerdict } from "../model/decision.js";
import type { Evidence } from "../model/evidence.js";
import { type LabelEvent, latestLabelEvent } from "../model/label-events.js";
import type { Snapshot } from "../model/snapshot.js";

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
 * `mayClear(login)`: whether that person's removal of the label stands —
 * someone with override rights who did not help write the PR (SPEC §3).
 * The app only ever adds the label (`shouldLabel`); it never removes it.
 */
export function aiVerdict(
  snapshot: Snapshot,
  config: Config,
  mayClear: (login: string) => boolean,
  helped: (login: string) => boolean = () => false,
  detected: Evidence[] = detectedEvidence(snapshot, config),
): AiVerdict {
  const label = config.ai.label;
  const pr = snapshot.pullRequest;
  const labelPresent = pr.labels.some((l) => l.toLowerCase() === label.toLowerCase());
  const latest = latestLabelEvent(snapshot.timeline, label);
  const remover = latest?.kind === "unlabeled" ? latest.actor : null;
  // An overrider's removal stands until someone labels again. A label on the
  // PR now means a later labeled event exists (even if the timeline lags).
  if (!labelPresent && remover && mayClear(remover.login)) {
    return {
      assisted: false,
      evidence: detected,
      clearedBy: { login: remover.login, at: latest!.createdAt },
      label,
      labelPresent,
      shouldLabel: false,
    };
  }
  // A removal that does not stand leaves a hand-applied label in force when someone
  // else applied it, or the remover helped write the PR: it is evidence as if still on
  // the PR, and is put back (SPEC §3). Someone taking back their own label stands.
  const applied = remover ? latestLabelEvent(snapshot.timeline, label, "labeled") : undefined;
  const inForce =
    applied?.actor != null &&
    (helped(remover!.login) || applied.actor.login.toLowerCase() !== remover!.login.toLowerCase());
  const labeled = labelPresent ? latest : inForce ? applied : undefined;
  const evidence =
    labeled || labelPresent ? [...detected, labelEvidence(label, labeled)] : detected;
  const assisted = evidence.length > 0;
  return { assisted, evidence, label, labelPresent, shouldLabel: assisted && !labelPresent };
}

/** The AI evidence in the PR and its commits, before the label is considered. */
export function detectedEvidence(snapshot: Snapshot, config: Config): Evidence[] {
  const pr = snapshot.pullRequest;
  return detectEvidence(
    { author: pr.author, body: pr.body, headRef: pr.headRef },
    snapshot.commits,
    config.ai,
  );
}
