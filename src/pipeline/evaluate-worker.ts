/**
 * The worker side of the evaluation pool (`evaluate-pool.ts`): runs the pure
 * parts of judging — the look-ups the verdict needs (which match CODEOWNERS
 * against the files) and `evaluate` — on a snapshot and configuration posted
 * as plain data. It says
 * "started" on the task's port first, so the budget counts only the time
 * spent evaluating, not the time queued behind other pull requests.
 */
import type { MessagePort } from "node:worker_threads";
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
  started: MessagePort;
}

export default function evaluateTask(task: EvaluateTask): Decision | Lookups {
  const { kind, snapshot, directory, loaded, started } = task;
  started.postMessage("started");
  started.close();
  if (kind === "lookups") return planLookups(snapshot, loaded.config);
  return evaluate(snapshot, directory ?? { teams: {}, permissions: {}, emails: {} }, loaded);
}
