import type { Redis } from "ioredis";
import {
  connectRedis,
  firstDelivery,
  RedisTeamStore,
  withPullLock,
} from "../../src/github/redis-store.js";
import { type RunningRedis, startRedis } from "../support/redis.js";

let server: RunningRedis;
let redis: Redis;
const extra: Redis[] = [];
/** Another replica's connection, closed after the tests. */
const replica = () => {
  const r = connectRedis(server.url);
  extra.push(r);
  return r;
};

beforeAll(async () => {
  server = await startRedis();
  redis = connectRedis(server.url);
});

afterAll(async () => {
  for (const r of [redis, ...extra]) r?.disconnect();
  await server?.stop();
});

describe("state shared through Redis", () => {
  it("stores team members for every replica, expiring after the TTL and on delete", async () => {
    const a = new RedisTeamStore(redis);
    const b = new RedisTeamStore(replica());
    await a.set("t:acme/pay", ["alice", "bob"], 200);
    await a.set("t:acme/ghost", null, 5000);
    expect(await b.get("t:acme/pay")).toEqual(["alice", "bob"]);
    expect(await b.get("t:acme/ghost")).toBeNull();
    expect(await b.get("t:acme/none")).toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    expect(await b.get("t:acme/pay")).toBeUndefined();
    await b.delete("t:acme/ghost");
    expect(await a.get("t:acme/ghost")).toBeUndefined();
  });

  it("lets exactly one replica handle a delivery", async () => {
    const results = await Promise.all([
      firstDelivery(redis, "delivery-1"),
      firstDelivery(replica(), "delivery-1"),
      firstDelivery(redis, "delivery-1"),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await firstDelivery(redis, "delivery-2")).toBe(true);
  });

  it("never runs two evaluations of one PR at once, across connections", async () => {
    let active = 0;
    let maxActive = 0;
    const job = async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 40));
      active--;
    };
    const other = replica();
    await Promise.all([
      withPullLock(redis, "acme/api#1", job),
      withPullLock(other, "acme/api#1", job),
      withPullLock(redis, "acme/api#1", job),
    ]);
    expect(maxActive).toBe(1);
  });

  it("releases the lock when the evaluation fails", async () => {
    await expect(
      withPullLock(redis, "acme/api#2", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(withPullLock(redis, "acme/api#2", async () => "ran")).resolves.toBe("ran");
  });
});
