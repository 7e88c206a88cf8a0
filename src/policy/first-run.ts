/**
 * Which of the app's check runs on a head is *the* run (SPEC §7): the first
 * one Countersign created there. It is the run later evaluations update in
 * place, the one whose state they read, and its `startedAt` is when
 * Countersign first reported on the head, which override pinning rests on
 * (§8). One definition, used by the snapshot, the overrides and the writer.
 */
import type { CheckRunInfo } from "../model/snapshot.js";

export const CHECK_NAME = "countersign";

/** Earliest `startedAt` first (GitHub sets it and never moves it); ties and unknown times by id. */
export function firstRunOf(runs: CheckRunInfo[]): CheckRunInfo | null {
  const ours = runs.filter((r) => r.name === CHECK_NAME);
  const time = (r: CheckRunInfo) => {
    const t = r.startedAt ? Date.parse(r.startedAt) : Number.NaN;
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
  };
  ours.sort((a, b) => time(a) - time(b) || a.databaseId - b.databaseId);
  return ours[0] ?? null;
}

/** When Countersign first reported on the head (ms), or null when it has not. */
export function firstReportedAt(runs: CheckRunInfo[]): number | null {
  const first = firstRunOf(runs);
  const time = first?.startedAt ? Date.parse(first.startedAt) : Number.NaN;
  return Number.isNaN(time) ? null : time;
}
