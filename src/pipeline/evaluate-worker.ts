/**
 * The worker side of the evaluation pool (`evaluate-pool.ts`): runs the pure
 * parts of judging — reading large policy files, the look-ups the verdict
 * needs (which match CODEOWNERS
 * against the files) and `evaluate` — on a snapshot and configuration posted
 * as plain data. It stamps the task's start in shared memory first, so the
 * budget counts only the time spent evaluating, not the time queued behind
 * other pull requests.
 */
import type { Decision } from "../model/decision.js";
import type { ConfigFiles, Directory, Snapshot } from "../model/snapshot.js";
import type { ExtendsTarget } from "../policy/config-extends.js";
import {
  extendsToFetch,
  type LoadContext,
  type LoadedConfig,
  loadConfig,
} from "../policy/config-load.js";
import { evaluate } from "../policy/evaluate.js";
import { type Lookups, planLookups } from "../policy/lookups.js";

/** Reading the policy files (YAML), when they are too large for the event loop. */
export interface ConfigTask {
  kind: "extends" | "load";
  files: ConfigFiles;
  ctx: LoadContext;
  started: SharedArrayBuffer;
}

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

export default function evaluateTask(
  task: EvaluateTask | ConfigTask,
): Decision | Lookups | LoadedConfig | ExtendsTarget[] {
  stampStart(task.started, Date.now());
  switch (task.kind) {
    case "extends":
      return extendsToFetch(task.files, task.ctx);
    case "load":
      return loadConfig(task.files, task.ctx);
    case "lookups":
      return planLookups(task.snapshot, task.loaded.config);
    case "evaluate":
      return evaluate(
        task.snapshot,
        task.directory ?? { teams: {}, permissions: {}, emails: {} },
        task.loaded,
      );
  }
}
