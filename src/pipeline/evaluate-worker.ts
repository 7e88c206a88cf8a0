/**
 * The worker side of the evaluation pool (`evaluate-pool.ts`): runs the pure
 * parts of judging — the look-ups the verdict needs (which match CODEOWNERS
 * against the files) and `evaluate` — on a snapshot and configuration posted
 * as plain data. It says
 * "started" on the task's port first, so the budget counts only the time
 * spent evaluating, not the time queued behind other pull requests.
 */
import type { MessagePort } from "node:worker_threads";
import type { LoadedConfig } from "../policy/config-load.js";
import type { Decision } from "../policy/decision.js";
import { evaluate } from "../policy/evaluate.js";
import { type Lookups, neededLookups } from "../policy/lookups.js";
import type { Snapshot } from "../policy/snapshot.js";

export interface EvaluateTask {
  kind: "lookups" | "evaluate";
  snapshot: Snapshot;
  loaded: LoadedConfig;
  started: MessagePort;
}

export default function evaluateTask(task: EvaluateTask): Decision | Lookups {
  const { kind, snapshot, loaded, started } = task;
  started.postMessage("started");
  started.close();
  return kind === "lookups" ? neededLookups(snapshot, loaded.config) : evaluate(snapshot, loaded);
}
