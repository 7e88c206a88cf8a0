/**
 * Evaluation off the webhook server's event loop, within a CPU budget (SPEC
 * §10). A warm pool of worker threads (piscina) runs the pure parts of
 * judging — `planLookups` (CODEOWNERS matched against every file) and
 * `evaluate`; the snapshot and configuration are plain data, posted to the
 * worker. An
 * evaluation still running `COUNTERSIGN_EVAL_BUDGET_MS` (default 5,000)
 * after it started in its worker is aborted — piscina terminates that worker
 * and starts another — and fails with `EvaluationBudgetError`, whose
 * message names the sizes of the inputs, which the check shows as `Could
 * not evaluate`.
 *
 * The budget is the worker's wall time from the start of the evaluation:
 * `evaluate` is pure and synchronous, so that is its CPU time unless the
 * machine is oversubscribed (then it errs towards cancelling sooner).
 *
 * The server installs a pool at start (`installEvaluatePool`); elsewhere —
 * `countersign explain`, the in-process tests — `evaluateDecision` and
 * `lookupsFor` run in the caller's thread.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
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
import { STAMP_BYTES, stampedStart } from "./evaluate-worker.js";

export const DEFAULT_EVAL_BUDGET_MS = 5000;
/** Each worker's young generation (semi-spaces of about a third of it). */
const YOUNG_GENERATION_MB = 12;

/** `COUNTERSIGN_EVAL_BUDGET_MS`: a positive number of milliseconds, else the default. */
export function evalBudgetMs(env: NodeJS.ProcessEnv): number {
  const raw = env.COUNTERSIGN_EVAL_BUDGET_MS;
  if (raw === undefined || raw.trim() === "") return DEFAULT_EVAL_BUDGET_MS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    throw new Error(
      `COUNTERSIGN_EVAL_BUDGET_MS must be a positive number of milliseconds, not ${JSON.stringify(raw)}.`,
    );
  }
  return n;
}

/** An evaluation cancelled past its budget; the message is the check's explanation. */
export class EvaluationBudgetError extends Error {
  override name = "EvaluationBudgetError";
}

export interface EvaluatePoolOptions {
  budgetMs: number;
  /** Worker threads, all started at once and kept (a warm pool); default: the cores, at most 4. */
  threads?: number;
  /** The worker module; default: the compiled `evaluate-worker.js` next to this file. */
  filename?: string;
}

export class EvaluatePool {
  readonly budgetMs: number;
  readonly #pool: Piscina;

  constructor(options: EvaluatePoolOptions) {
    this.budgetMs = options.budgetMs;
    const threads = options.threads ?? Math.max(1, Math.min(4, availableParallelism()));
    this.#pool = new Piscina({
      filename: options.filename ?? new URL("./evaluate-worker.js", import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
      // V8 grows a busy isolate's young generation up to 48 MB (3 × 16 MB semi-spaces)
      // and keeps it: per worker, that was most of the server's RSS growth under load.
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  }

  evaluate(snapshot: Snapshot, directory: Directory, loaded: LoadedConfig): Promise<Decision> {
    const task = { kind: "evaluate", snapshot, directory, loaded };
    return this.#run(task, () => overBudget(snapshot, loaded, this.budgetMs)) as Promise<Decision>;
  }

  lookups(snapshot: Snapshot, loaded: LoadedConfig): Promise<Lookups> {
    const task = { kind: "lookups", snapshot, loaded };
    return this.#run(task, () => overBudget(snapshot, loaded, this.budgetMs)) as Promise<Lookups>;
  }

  /** Reading the policy files: `extends` plans the next `_extends` hop, `load` the configuration. */
  config(kind: "extends" | "load", files: ConfigFiles, ctx: LoadContext): Promise<unknown> {
    return this.#run({ kind, files, ctx }, () => configOverBudget(files, this.budgetMs));
  }

  async #run(task: Record<string, unknown>, overBudgetMessage: () => string): Promise<unknown> {
    // The worker stamps its start here. A shared buffer, not a port per task:
    // creating and transferring a MessagePort cost more than the ordinary
    // evaluation it timed.
    const started = new SharedArrayBuffer(STAMP_BYTES);
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const watch = (delay: number) => {
      timer = setTimeout(() => {
        const at = stampedStart(started);
        // Still queued behind other PRs: the budget has not begun.
        const left = at === null ? this.budgetMs : at + this.budgetMs - Date.now();
        if (at !== null && left <= 0) abort.abort();
        else watch(left);
      }, delay);
    };
    watch(this.budgetMs);
    try {
      return await this.#pool.run({ ...task, started }, { signal: abort.signal });
    } catch (err) {
      if (abort.signal.aborted) throw new EvaluationBudgetError(overBudgetMessage());
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Workers alive now (for tests: a cancelled worker is replaced). */
  get threads(): number {
    return this.#pool.threads.length;
  }

  async close(): Promise<void> {
    await this.#pool.close({ force: true });
  }
}

let installed: EvaluatePool | null = null;

/** The server's pool; `null` puts evaluation back in the caller's thread. */
export function installEvaluatePool(pool: EvaluatePool | null): void {
  installed = pool;
}

/** `evaluate`, in the installed pool when there is one. */
export function evaluateDecision(
  snapshot: Snapshot,
  directory: Directory,
  loaded: LoadedConfig,
): Promise<Decision> {
  if (installed) return installed.evaluate(snapshot, directory, loaded);
  return Promise.resolve(evaluate(snapshot, directory, loaded));
}

/**
 * YAML parses at about 1 ms per KB: a PR's own policy file can be 512,000
 * bytes (GraphQL's cut), which held the event loop ~0.3 s and `/healthz`
 * with it. Policy texts past this many characters in all are read in the
 * pool; the usual few-KB files stay in this thread (~10 ms at most).
 */
const IN_THREAD_POLICY_CHARS = 12_000;

function policyChars(files: ConfigFiles): number {
  const extended = Object.values(files.extended).map((e) => (e.status === "found" ? e.file : null));
  return [files.base, files.org, files.head, ...extended].reduce(
    (sum, f) => sum + (f ? f.text.length : 0),
    0,
  );
}

/** `extendsToFetch`, in the installed pool when the policy texts are large. */
export async function extendsFor(files: ConfigFiles, ctx: LoadContext): Promise<ExtendsTarget[]> {
  if (!installed || policyChars(files) <= IN_THREAD_POLICY_CHARS) return extendsToFetch(files, ctx);
  return (await installed.config("extends", files, ctx)) as ExtendsTarget[];
}

/** `loadConfig`, in the installed pool when the policy texts are large. */
export async function loadedConfigFor(files: ConfigFiles, ctx: LoadContext): Promise<LoadedConfig> {
  if (!installed || policyChars(files) <= IN_THREAD_POLICY_CHARS) return loadConfig(files, ctx);
  return (await installed.config("load", files, ctx)) as LoadedConfig;
}

function configOverBudget(files: ConfigFiles, budgetMs: number): string {
  return `reading the policy files took more than ${count(budgetMs)} ms of CPU: they are ${count(policyChars(files))} characters in all. Shorten them, or raise COUNTERSIGN_EVAL_BUDGET_MS.`;
}

const count = (n: number) => n.toLocaleString("en-US");

/** The look-ups to resolve before evaluating (one planner), in the installed pool when there is one. */
export function lookupsFor(snapshot: Snapshot, loaded: LoadedConfig): Promise<Lookups> {
  if (installed && !cheapLookups(snapshot)) return installed.lookups(snapshot, loaded);
  return Promise.resolve(planLookups(snapshot, loaded.config));
}

/**
 * Matching at most this many (file, CODEOWNERS line) pairs takes a few
 * milliseconds at worst (about 0.2 µs a pair for rules no index narrows), so
 * an ordinary PR's look-ups skip the trip to a worker and back.
 */
const IN_THREAD_PAIRS = 20_000;

function cheapLookups(snapshot: Snapshot): boolean {
  const lines = snapshot.codeowners ? lineCount(snapshot.codeowners.text) : 0;
  return snapshot.files.length * Math.max(lines, 1) <= IN_THREAD_PAIRS;
}

/** "evaluating #7 took more than 5,000 ms of CPU: the PR body is 65,536 characters, …". */
export function overBudget(snapshot: Snapshot, loaded: LoadedConfig, budgetMs: number): string {
  const messages = snapshot.commits.map((c) => c.message.length);
  const longest = messages.length > 0 ? Math.max(...messages) : 0;
  const codeowners = snapshot.codeowners ? lineCount(snapshot.codeowners.text) : 0;
  const extended = Object.values(snapshot.config.extended).map((e) =>
    e.status === "found" ? e.file : null,
  );
  const config = [
    snapshot.config.base,
    snapshot.config.org,
    snapshot.config.head,
    ...extended,
  ].reduce((sum, f) => sum + (f ? f.text.length : 0), 0);
  const comments = snapshot.comments.reduce((sum, c) => sum + c.body.length, 0);
  const sizes = [
    `the PR body is ${count(snapshot.pullRequest.body.length)} characters`,
    `CODEOWNERS ${count(codeowners)} lines`,
    plural(snapshot.files.length, "file"),
    `${plural(snapshot.commits.length, "commit")} (the longest message ${count(longest)} characters)`,
    `${plural(snapshot.comments.length, "comment")} (${count(comments)} characters)`,
    plural(snapshot.reviews.length, "review"),
    `the policy files ${count(config)} characters (${loaded.source})`,
  ];
  return `evaluating #${snapshot.pullRequest.number} took more than ${count(budgetMs)} ms of CPU: ${sizes.join(", ")}. Reduce the largest of these, or raise COUNTERSIGN_EVAL_BUDGET_MS.`;
}

function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? "" : "s"}`;
}

function lineCount(text: string): number {
  if (text === "") return 0;
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < text.length - 1; i = text.indexOf("\n", i + 1))
    n++;
  return n;
}
