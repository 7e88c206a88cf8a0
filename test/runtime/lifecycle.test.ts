import { jest } from "@jest/globals";
import { Lifecycle } from "../../src/runtime/lifecycle.js";

describe("Lifecycle", () => {
  it("is ready while every check passes, and names each one that does not", async () => {
    const lifecycle = new Lifecycle();
    let redisUp = true;
    lifecycle.add({ name: "evaluations" });
    lifecycle.add({
      name: "redis",
      check: async () => (redisUp ? null : "redis: no answer to PING"),
    });
    lifecycle.add({
      name: "broken",
      check: async () => {
        if (!redisUp) throw new Error("probe failed");
        return null;
      },
    });
    expect(await lifecycle.readiness()).toEqual({ ready: true, reasons: [] });
    redisUp = false;
    expect(await lifecycle.readiness()).toEqual({
      ready: false,
      reasons: ["redis: no answer to PING", "broken: probe failed"],
    });
  });

  it("on shutdown: not ready at once, flushes, waits for what is in flight, then closes", async () => {
    const lifecycle = new Lifecycle();
    const order: string[] = [];
    let finish: () => void = () => {};
    lifecycle.add({
      name: "evaluations",
      flush: () => order.push("flush"),
      idle: () => new Promise<void>((r) => (finish = r)).then(() => void order.push("idle")),
      close: async () => void order.push("close evaluations"),
    });
    lifecycle.add({ name: "redis", close: async () => void order.push("close redis") });
    const done = lifecycle.shutdown(25_000);
    expect(lifecycle.draining).toBe(true);
    expect(await lifecycle.readiness()).toEqual({ ready: false, reasons: ["shutting down"] });
    await Promise.resolve();
    expect(order).toEqual(["flush"]);
    finish();
    expect(await done).toEqual({ drained: true });
    expect(order).toEqual(["flush", "idle", "close evaluations", "close redis"]);
  });

  it("closes anyway when what is in flight outlasts the deadline, and says so", async () => {
    jest.useFakeTimers();
    try {
      const lifecycle = new Lifecycle();
      let closed = false;
      lifecycle.add({
        name: "stuck",
        idle: () => new Promise<void>(() => {}),
        close: async () => {
          closed = true;
        },
      });
      const done = lifecycle.shutdown(25_000);
      await jest.advanceTimersByTimeAsync(24_999);
      expect(closed).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect(await done).toEqual({ drained: false });
      expect(closed).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
