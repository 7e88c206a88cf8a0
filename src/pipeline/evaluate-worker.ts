/**
 * The worker side of the evaluation pool (`evaluate-pool.ts`): runs the pure
 * parts of judging — the look-ups the verdict needs (which match CODEOWNERS
 * against the files) and `evaluate` — on a snapshot and configuration posted
 * as plain data. It stamps the task's start in shared memory first, so the
 * budget counts only the time spent evaluating, not the time queued behind
 * other pull requests.
 */
import type { Decision } from "../model/decision.js";
import type { Directory, Snapshot } from "../model/snapshot.js";
import type { LoadedConfig } from "../policy/config-load.js";
import { evaluate } from "../policy/evaluate.js";
import { type Lookups, planLookups } from "../policy/lookups.js";

export interface EvaluateTask {
  kind: "lookups" | "evaluate";
  snapshot: Snapshot;
  /** The look-ups, for `evaluate` (planned by `lookups`). */
  directory?: Directory;
  loaded: LoadedConfig;
  /** Shared with the pool: see `StartStamp` in evaluate-pool.ts. */
  started: SharedArrayBuffer;
}

/** Where the worker writes its start time, and the flag it raises after. */
export const STAMP_TIME = 0;
export const STAMP_FLAG = 2;
export const STAMP_BYTES = 16;

/** The pool reads the time only after seeing the flag (Atomics order the two). */
export function stampStart(buffer: SharedArrayBuffer, now: number): void {
  new Float64Array(buffer, 0, 1)[STAMP_TIME] = now;
  Atomics.store(new Int32Array(buffer), STAMP_FLAG, 1);
}

/** The start time the worker stamped, or null while the task is still queued. */
export function stampedStart(buffer: SharedArrayBuffer): number | null {
  if (Atomics.load(new Int32Array(buffer), STAMP_FLAG) !== 1) return null;
  return new Float64Array(buffer, 0, 1)[STAMP_TIME]!;
}

export default function evaluateTask(task: EvaluateTask): Decision | Lookups {
  const { kind, snapshot, directory, loaded, started } = task;
  stampStart(started, Date.now());
  if (kind === "lookups") return planLookups(snapshot, loaded.config);
  return evaluate(snapshot, directory ?? { teams: {}, permissions: {}, emails: {} }, loaded);
}
