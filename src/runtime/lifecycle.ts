/**
 * Readiness and shutdown (SPEC §1). The server asks it whether it can serve
 * (`/readyz`) and, on SIGTERM, to drain; the app registers what takes part:
 * the scheduler (flush pending windows, wait for evaluations in flight) and
 * Redis (answers a PING; closed last).
 */

export interface Participant {
  name: string;
  /** Start whatever is waiting now (SIGTERM closes the coalescing windows). */
  flush?(): void;
  /** Settles when this participant has nothing in flight. */
  idle?(): Promise<void>;
  /** Null when it can serve, else why not. */
  check?(): Promise<string | null>;
  /** Release connections; called once, after draining. */
  close?(): Promise<void>;
}

export interface ShutdownResult {
  /** True when everything in flight finished within the time allowed. */
  drained: boolean;
}

export class Lifecycle {
  readonly #participants: Participant[] = [];
  #draining = false;

  add(participant: Participant): void {
    this.#participants.push(participant);
  }

  /** True once shutdown began: no new webhooks, `/readyz` answers 503. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Whether the process can serve, and if not, why (each failing check named). */
  async readiness(): Promise<{ ready: boolean; reasons: string[] }> {
    if (this.#draining) return { ready: false, reasons: ["shutting down"] };
    const results = await Promise.all(
      this.#participants.map(async (p) => {
        if (!p.check) return null;
        try {
          return await p.check();
        } catch (err) {
          return `${p.name}: ${err instanceof Error ? err.message : String(err)}`;
        }
      }),
    );
    const reasons = results.filter((r): r is string => r !== null);
    return { ready: reasons.length === 0, reasons };
  }

  /**
   * Stops intake, closes pending windows, waits up to `timeoutMs` for what is
   * in flight, then closes connections (whether or not it all finished).
   */
  async shutdown(timeoutMs: number): Promise<ShutdownResult> {
    this.#draining = true;
    for (const p of this.#participants) p.flush?.();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = Promise.all(this.#participants.map((p) => p.idle?.())).then(() => true);
    const drained = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    await Promise.all(this.#participants.map((p) => p.close?.().catch(() => undefined)));
    return { drained };
  }
}
