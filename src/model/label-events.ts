/** The PR's label history, read from its timeline so every replica agrees (SPEC §3). */
import type { TimelineEvent } from "./snapshot.js";

export type LabelEvent = Extract<TimelineEvent, { kind: "labeled" | "unlabeled" }>;

/**
 * The latest labeled/unlabeled event for `label` (names compare
 * case-insensitively, as GitHub's do). The timeline is chronological; the
 * parsed timestamps guard against a merged, unsorted list, and on a tie the
 * later item wins.
 */
export function latestLabelEvent(
  timeline: TimelineEvent[],
  label: string,
  kind?: LabelEvent["kind"],
): LabelEvent | undefined {
  const name = label.toLowerCase();
  let latest: LabelEvent | undefined;
  for (const e of timeline) {
    if (e.kind !== "labeled" && e.kind !== "unlabeled") continue;
    if (kind && e.kind !== kind) continue;
    if (e.label.toLowerCase() !== name) continue;
    if (!latest || Date.parse(e.createdAt) >= Date.parse(latest.createdAt)) latest = e;
  }
  return latest;
}
