/**
 * Coalescing evaluations per pull request (SPEC §9): a burst of events (a
 * push, a label and a review within a second) becomes one evaluation of the
 * latest state, and one PR is never evaluated twice at once in this process.
 * Every caller's promise settles with the evaluation that began after its
 * call, and with its result (whichever caller's job it was), so a webhook is
 * answered only once its state has been judged, and can act on that judgement.
 */

type Job<T> = () => Promise<T>;

interface Slot<T> {
  job: Job<T>;
  waiters: { resolve: (value: T) => void; reject: (e: unknown) => void }[];
  timer: NodeJS.Timeout | null;
  running: boolean;
}

export class PullScheduler<T = void> {
  readonly #slots = new Map<string, Slot<T>>();

  /** `delayMs`: how long to wait for more events of the same burst before evaluating. */
  constructor(
    private readonly delayMs: number,
    private readonly onDepth: (depth: number) => void = () => {},
  ) {}

  run(key: string, job: Job<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      const slot = this.#slots.get(key) ?? { job, waiters: [], timer: null, running: false };
      slot.job = job;
      slot.waiters.push({ resolve, reject });
      this.#slots.set(key, slot);
      this.onDepth(this.#slots.size);
      if (!slot.running && !slot.timer) this.#arm(key, slot);
    });
  }

  #arm(key: string, slot: Slot<T>): void {
    slot.timer = setTimeout(() => void this.#start(key, slot), this.delayMs);
  }

  async #start(key: string, slot: Slot<T>): Promise<void> {
    slot.timer = null;
    slot.running = true;
    const waiters = slot.waiters.splice(0);
    try {
      const value = await slot.job();
      for (const w of waiters) w.resolve(value);
    } catch (err) {
      for (const w of waiters) w.reject(err);
    } finally {
      slot.running = false;
      if (slot.waiters.length > 0) this.#arm(key, slot);
      else this.#slots.delete(key);
      this.onDepth(this.#slots.size);
    }
  }
}
