/**
 * Coalescing evaluations per key (SPEC §9): a burst of events (a push, a
 * label and a review, each less than a second after the one before) becomes
 * one evaluation of the latest state, and one key is never evaluated twice
 * at once in this process.
 *
 * - Each event starts or extends a quiet window (`windowMs`, 1,000 ms by
 *   default); the evaluation starts when the window closes, or `capMs`
 *   (3,000 ms) after the first pending event, whichever is sooner.
 * - Events that arrive during an evaluation schedule exactly one more, timed
 *   by the same rule from their own first and last event.
 * - An urgent event (a command to acknowledge, a label to put back: SPEC §9
 *   "not delayed") closes its key's window at once; the events already
 *   pending join its evaluation, so the burst still costs one. It still
 *   starts no sooner than one window after the key's previous evaluation
 *   began, so a stream of command comments cannot defeat coalescing.
 * - `flush()` (on SIGTERM) closes every pending window at once; `idle()`
 *   settles when nothing is pending or running.
 * - An evaluation that ran into an exhausted rate limit (see
 *   `rate-limit-scope.ts`) is run again by itself after the reset, by a
 *   timer: nothing waits in the meantime.
 *
 * Every caller's promise settles with the evaluation that began after its
 * call, and with its result (whichever caller's job it was), so a webhook is
 * answered only once its state has been judged, and can act on that judgement.
 */
import { runInEvaluationScope } from "../github/rate-limit-scope.js";

type Job<T> = () => Promise<T>;

/** Past this many keys, start times older than a window are pruned (only those within one delay an urgent event). */
const MAX_REMEMBERED_STARTS = 10_000;

interface Slot<T> {
  job: Job<T>;
  waiters: { resolve: (value: T) => void; reject: (e: unknown) => void }[];
  timer: NodeJS.Timeout | null;
  running: boolean;
  /** A pending event that must not wait for the window (SPEC §9: acknowledgements, label put-backs). */
  urgent: boolean;
  /** When the first and the latest of the pending (not yet started) events arrived. */
  firstAt: number;
  lastAt: number;
}

export interface SchedulerOptions {
  /** The quiet window: how long to wait after an event for more of the same burst. */
  windowMs: number;
  /** The longest an event waits for its evaluation to start (default 3 × `windowMs`). */
  capMs?: number;
  /** The number of keys pending or running, after each change (for a gauge). */
  onDepth?: (depth: number) => void;
  /** A re-evaluation after a rate-limit reset failed (nobody else is waiting on it). */
  onError?: (key: string, err: unknown) => void;
  /** The clock (tests). */
  now?: () => number;
}

export class PullScheduler<T = void> {
  readonly #slots = new Map<string, Slot<T>>();
  /** Re-evaluations waiting for a rate limit to reset, by key. */
  readonly #later = new Map<string, NodeJS.Timeout>();
  readonly #idle: (() => void)[] = [];
  /** When each key's latest evaluation began (pruned: only the last window's matter). */
  readonly #lastStart = new Map<string, number>();
  readonly #windowMs: number;
  readonly #capMs: number;
  readonly #onDepth: (depth: number) => void;
  readonly #onError: (key: string, err: unknown) => void;
  readonly #now: () => number;
  #flushing = false;

  /** `options`: the window in ms (cap 3× it), or the full options. */
  constructor(options: number | SchedulerOptions, onDepth?: (depth: number) => void) {
    const o = typeof options === "number" ? { windowMs: options } : options;
    this.#windowMs = Math.max(0, o.windowMs);
    this.#capMs = Math.max(this.#windowMs, o.capMs ?? 3 * this.#windowMs);
    this.#onDepth = o.onDepth ?? onDepth ?? (() => {});
    this.#onError = o.onError ?? (() => {});
    this.#now = o.now ?? Date.now;
  }

  run(key: string, job: Job<T>, options: { urgent?: boolean } = {}): Promise<T> {
    return new Promise((resolve, reject) => {
      const now = this.#now();
      let slot = this.#slots.get(key);
      if (!slot) {
        slot = {
          job,
          waiters: [],
          timer: null,
          running: false,
          urgent: false,
          firstAt: now,
          lastAt: now,
        };
        this.#slots.set(key, slot);
      }
      if (slot.waiters.length === 0) slot.firstAt = now;
      slot.lastAt = now;
      if (options.urgent) slot.urgent = true;
      slot.job = job;
      slot.waiters.push({ resolve, reject });
      this.#onDepth(this.#slots.size);
      // While it runs, the events wait for it to finish; then one more evaluation.
      if (!slot.running) this.#arm(key, slot);
    });
  }

  /** Closes every pending window now (SIGTERM): what is waiting starts at once. */
  flush(): void {
    this.#flushing = true;
    for (const [key, slot] of this.#slots) {
      if (!slot.running && slot.timer) this.#arm(key, slot);
    }
  }

  /** Settles when no evaluation is pending or running. */
  idle(): Promise<void> {
    if (this.#slots.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Keys pending or running. */
  get depth(): number {
    return this.#slots.size;
  }

  /** Forgets the re-evaluations waiting for a rate-limit reset (at shutdown). */
  cancelDeferred(): number {
    const n = this.#later.size;
    for (const timer of this.#later.values()) clearTimeout(timer);
    this.#later.clear();
    return n;
  }

  /** Re-evaluations waiting for a rate-limit reset. */
  get deferred(): number {
    return this.#later.size;
  }

  #arm(key: string, slot: Slot<T>): void {
    if (slot.timer) clearTimeout(slot.timer);
    const now = this.#now();
    const spaced = (this.#lastStart.get(key) ?? Number.NEGATIVE_INFINITY) + this.#windowMs - now;
    const due = this.#flushing
      ? 0
      : slot.urgent
        ? spaced
        : Math.min(slot.lastAt + this.#windowMs, slot.firstAt + this.#capMs) - now;
    slot.timer = setTimeout(() => void this.#start(key, slot), Math.max(0, due));
  }

  async #start(key: string, slot: Slot<T>): Promise<void> {
    slot.timer = null;
    slot.running = true;
    slot.urgent = false;
    this.#noteStart(key);
    const waiters = slot.waiters.splice(0);
    const job = slot.job;
    let retryAt: number | null = null;
    try {
      const outcome = await runInEvaluationScope(job, key);
      retryAt = outcome.rateLimitedUntil;
      if (outcome.ok) for (const w of waiters) w.resolve(outcome.value);
      else for (const w of waiters) w.reject(outcome.error);
    } finally {
      slot.running = false;
      if (slot.waiters.length > 0) this.#arm(key, slot);
      else this.#slots.delete(key);
      if (retryAt !== null && !this.#flushing) this.#deferUntil(key, job, retryAt);
      this.#onDepth(this.#slots.size);
      if (this.#slots.size === 0) for (const done of this.#idle.splice(0)) done();
    }
  }

  #noteStart(key: string): void {
    const now = this.#now();
    if (this.#lastStart.size >= MAX_REMEMBERED_STARTS) {
      for (const [k, at] of this.#lastStart)
        if (at + this.#windowMs <= now) this.#lastStart.delete(k);
    }
    this.#lastStart.delete(key);
    this.#lastStart.set(key, now);
  }

  /** Runs `job` for `key` again at `at` (epoch ms): one timer per key, the latest reset wins. */
  #deferUntil(key: string, job: Job<T>, at: number): void {
    const existing = this.#later.get(key);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(
      () => {
        this.#later.delete(key);
        this.run(key, job).catch((err: unknown) => this.#onError(key, err));
      },
      Math.max(0, at - this.#now()),
    );
    // A process with only a rate-limit timer left may exit; the next event re-evaluates.
    timer.unref();
    this.#later.set(key, timer);
  }
}
