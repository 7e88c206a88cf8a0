import { PullScheduler } from "../src/scheduler.js";

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
