/**
 * The worker side of the evaluation pool (`evaluate-pool.ts`): runs the pure
 * `evaluate` on a snapshot and configuration posted as plain data. It says
 * "started" on the task's port first, so the budget counts only the time
 * spent evaluating, not the time queued behind other pull requests.
 */
import type { MessagePort } from "node:worker_threads";
import type { LoadedConfig } from "../policy/config-load.js";
import type { Decision } from "../policy/decision.js";
import { evaluate } from "../policy/evaluate.js";
import type { Snapshot } from "../policy/snapshot.js";

export interface EvaluateTask {
  snapshot: Snapshot;
  loaded: LoadedConfig;
  started: MessagePort;
}

export default function evaluateTask({ snapshot, loaded, started }: EvaluateTask): Decision {
  started.postMessage("started");
  started.close();
  return evaluate(snapshot, loaded);
}
