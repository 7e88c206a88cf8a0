import { jest } from "@jest/globals";
import { requestReevaluationAt } from "../../src/github/rate-limit-scope.js";
import { PullScheduler } from "../../src/runtime/scheduler.js";

describe("PullScheduler", () => {
  it("coalesces a burst of events for one PR into one evaluation of the latest job", async () => {
    const scheduler = new PullScheduler(20);
    const ran: string[] = [];
    const job = (name: string) => async () => {
      ran.push(name);
    };
    await Promise.all([
      scheduler.run("a#1", job("push")),
      scheduler.run("a#1", job("label")),
      scheduler.run("a#1", job("review")),
    ]);
    expect(ran).toEqual(["review"]);
  });

  it("gives every coalesced caller the result of the job that ran, not only its own caller", async () => {
    const scheduler = new PullScheduler<string>(20);
    const job = (name: string) => async () => `judged after ${name}`;
    const results = await Promise.all([
      scheduler.run("a#1", job("comment")),
      scheduler.run("a#1", job("label")),
    ]);
    expect(results).toEqual(["judged after label", "judged after label"]);
  });

  it("never runs two evaluations of one PR at once, and re-runs for events that arrived meanwhile", async () => {
    const scheduler = new PullScheduler(1);
    let active = 0;
    let maxActive = 0;
    const ran: string[] = [];
    const job = (name: string) => async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 30));
      ran.push(name);
      active--;
    };
    const first = scheduler.run("a#1", job("first"));
    await new Promise((r) => setTimeout(r, 10));
    const second = scheduler.run("a#1", job("second"));
    await Promise.all([first, second]);
    expect(maxActive).toBe(1);
    expect(ran).toEqual(["first", "second"]);
  });

  it("evaluates different PRs independently and reports failures to every waiter", async () => {
    const scheduler = new PullScheduler(1);
    const ok = scheduler.run("a#1", async () => {});
    const failing = scheduler.run("a#2", async () => {
      throw new Error("boom");
    });
    await expect(ok).resolves.toBeUndefined();
    await expect(failing).rejects.toThrow("boom");
  });
});

/**
 * SPEC §9's timing, with fake timers (no wall-clock assertions): a 1,000 ms
 * quiet window, a 3,000 ms cap from the first pending event, one more
 * evaluation for events during one, and `flush()` on SIGTERM.
 */
describe("PullScheduler timing (SPEC §9)", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  function recorder() {
    const started: number[] = [];
    const t0 = Date.now();
    const job = () => async () => {
      started.push(Date.now() - t0);
    };
    return { started, job };
  }

  it("each event extends a 1 s quiet window: three events 150 ms apart cost one evaluation, 1 s after the last", async () => {
    const scheduler = new PullScheduler({ windowMs: 1000 });
    const { started, job } = recorder();
    const done = [scheduler.run("a#1", job())];
    await jest.advanceTimersByTimeAsync(150);
    done.push(scheduler.run("a#1", job()));
    await jest.advanceTimersByTimeAsync(150);
    done.push(scheduler.run("a#1", job()));
    await jest.advanceTimersByTimeAsync(999);
    expect(started).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(done);
    expect(started).toEqual([1300]);
  });

  it("starts 3 s after the first pending event even if events keep coming", async () => {
    const scheduler = new PullScheduler({ windowMs: 1000 });
    const { started, job } = recorder();
    const done: Promise<void>[] = [];
    for (let t = 0; t < 5000; t += 500) {
      done.push(scheduler.run("a#1", job()));
      await jest.advanceTimersByTimeAsync(500);
    }
    await jest.advanceTimersByTimeAsync(5000);
    await Promise.all(done);
    // The first evaluation at the cap (3,000 ms); the events after it form one more burst.
    expect(started[0]).toBe(3000);
    expect(started).toHaveLength(2);
  });

  it("derives the cap as three windows unless given one", async () => {
    const scheduler = new PullScheduler({ windowMs: 20 });
    const { started, job } = recorder();
    const done: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      done.push(scheduler.run("a#1", job()));
      await jest.advanceTimersByTimeAsync(10);
    }
    await jest.advanceTimersByTimeAsync(100);
    await Promise.all(done);
    expect(started[0]).toBe(60);
  });

  it("events during an evaluation schedule exactly one more, of the latest job", async () => {
    const scheduler = new PullScheduler<string>({ windowMs: 1000 });
    let release: () => void = () => {};
    const ran: string[] = [];
    const job = (name: string) => async () => {
      ran.push(name);
      if (name === "first") await new Promise<void>((r) => (release = r));
      return name;
    };
    const first = scheduler.run("a#1", job("first"));
    await jest.advanceTimersByTimeAsync(1000);
    expect(ran).toEqual(["first"]);
    const during = ["label", "review", "push"].map((n) => scheduler.run("a#1", job(n)));
    await jest.advanceTimersByTimeAsync(5000);
    expect(ran).toEqual(["first"]); // never two at once
    release();
    await settle();
    await jest.advanceTimersByTimeAsync(1000);
    expect(await first).toBe("first");
    expect(await Promise.all(during)).toEqual(["push", "push", "push"]);
    expect(ran).toEqual(["first", "push"]);
  });

  it("an urgent event (a command to acknowledge) starts at once, taking the pending burst with it", async () => {
    const scheduler = new PullScheduler<number>({ windowMs: 1000 });
    const { started } = recorder();
    const t0 = Date.now();
    let runs = 0;
    const job = () => async () => {
      started.push(Date.now() - t0);
      return ++runs;
    };
    const push = scheduler.run("a#1", job());
    await jest.advanceTimersByTimeAsync(150);
    const command = scheduler.run("a#1", job(), { urgent: true });
    await jest.advanceTimersByTimeAsync(0);
    expect(await Promise.all([push, command])).toEqual([1, 1]);
    expect(started).toEqual([150]);
    // The window is back for what follows: urgency was that one event's.
    const label = scheduler.run("a#1", job());
    await jest.advanceTimersByTimeAsync(999);
    expect(started).toEqual([150]);
    await jest.advanceTimersByTimeAsync(1);
    expect(await label).toBe(2);
  });

  it("an urgent event starts no sooner than a window after the key's previous evaluation began: command spam cannot defeat coalescing", async () => {
    const scheduler = new PullScheduler({ windowMs: 1000 });
    const { started, job } = recorder();
    const done: Promise<void>[] = [];
    // A command comment every 250 ms for 4 s.
    for (let t = 0; t < 4000; t += 250) {
      done.push(scheduler.run("a#1", job(), { urgent: true }));
      await jest.advanceTimersByTimeAsync(250);
    }
    await jest.advanceTimersByTimeAsync(2000);
    await Promise.all(done);
    expect(started).toEqual([0, 1000, 2000, 3000, 4000]);
  });

  it("an urgent event during an evaluation runs right after it when a window has passed since it began", async () => {
    const scheduler = new PullScheduler({ windowMs: 1000 });
    const { started, job } = recorder();
    let release: () => void = () => {};
    const first = scheduler.run("a#1", async () => {
      started.push(-1);
      await new Promise<void>((r) => (release = r));
    });
    await jest.advanceTimersByTimeAsync(1000);
    const command = scheduler.run("a#1", job(), { urgent: true });
    await jest.advanceTimersByTimeAsync(1500);
    release();
    await first;
    await jest.advanceTimersByTimeAsync(0);
    await command;
    // The first began at 1,000; the command waited only for it to finish (2,500).
    expect(started).toEqual([-1, 2500]);
  });

  it("flush() starts every pending evaluation at once, and idle() settles when all are done", async () => {
    const scheduler = new PullScheduler({ windowMs: 1000 });
    const { started, job } = recorder();
    const a = scheduler.run("a#1", job());
    const b = scheduler.run("b#2", job());
    let idle = false;
    void scheduler.idle().then(() => (idle = true));
    await jest.advanceTimersByTimeAsync(100);
    expect(started).toEqual([]);
    scheduler.flush();
    await jest.advanceTimersByTimeAsync(0);
    await Promise.all([a, b]);
    await settle();
    expect(started).toEqual([100, 100]);
    expect(idle).toBe(true);
    expect(scheduler.depth).toBe(0);
  });

  it("re-runs an evaluation by itself after a rate-limit reset, holding nothing meanwhile", async () => {
    const scheduler = new PullScheduler<string>({ windowMs: 10 });
    const t0 = Date.now();
    const runs: number[] = [];
    const job = async () => {
      runs.push(Date.now() - t0);
      if (runs.length === 1) requestReevaluationAt(t0 + 60_000);
      return "judged";
    };
    await Promise.all([scheduler.run("a#1", job), jest.advanceTimersByTimeAsync(10)]);
    expect(runs).toEqual([10]);
    expect(scheduler.depth).toBe(0); // nothing pending or running while it waits
    expect(scheduler.deferred).toBe(1);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(runs).toEqual([10, 60_010]);
    expect(scheduler.deferred).toBe(0);
  });

  it("drops re-evaluations waiting for a reset when told to (shutdown)", async () => {
    const scheduler = new PullScheduler<void>({ windowMs: 0 });
    let runs = 0;
    const job = async () => {
      runs++;
      requestReevaluationAt(Date.now() + 1000);
    };
    await Promise.all([scheduler.run("a#1", job), jest.advanceTimersByTimeAsync(0)]);
    expect(scheduler.cancelDeferred()).toBe(1);
    await jest.advanceTimersByTimeAsync(5000);
    expect(runs).toBe(1);
  });
});
