import { MemoryHeadLocks } from "../../src/pipeline/head-locks.js";

describe("evaluations serialised per (repository, head)", () => {
  it("runs one job per head at a time, in order; other heads do not wait", async () => {
    const locks = new MemoryHeadLocks();
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = locks.run("acme/api", "s1", 0, async () => {
      events.push("first:start");
      await gate;
      events.push("first:end");
    });
    const second = locks.run("acme/api", "s1", 0, async () => {
      events.push("second");
    });
    await locks.run("acme/api", "s2", 0, async () => {
      events.push("other head");
    });
    expect(events).toEqual(["first:start", "other head"]);
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(["first:start", "other head", "first:end", "second"]);
  });

  it("tells a job whose read predates another's write to the same head to read again", async () => {
    const locks = new MemoryHeadLocks();
    const since = await locks.generation("acme/api");
    await locks.run("acme/api", "s1", since, async (stale) => {
      expect(stale).toBe(false);
      await locks.wrote("acme/api", "s1");
    });
    expect(await locks.run("acme/api", "s1", since, async (stale) => stale)).toBe(true);
    expect(await locks.run("acme/api", "s2", since, async (stale) => stale)).toBe(false);
    const now = await locks.generation("acme/api");
    expect(await locks.run("acme/api", "s1", now, async (stale) => stale)).toBe(false);
  });

  it("a failed job does not block the next", async () => {
    const locks = new MemoryHeadLocks();
    await expect(
      locks.run("acme/api", "s1", 0, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await locks.run("acme/api", "s1", 0, async () => "ran")).toBe("ran");
  });
});
