import { BoundedCache } from "../../src/shared/bounded-cache.js";

describe("the bounded cache every module-level cache uses", () => {
  it("forgets the least recently used past its size, and every entry after its TTL", () => {
    let now = 0;
    const cache = new BoundedCache<string>(2, 1000, () => now);
    cache.set("a", "A");
    cache.set("b", "B");
    expect(cache.get("a")).toBe("A"); // a is now the most recent
    cache.set("c", "C");
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe("A");
    now = 1000;
    expect(cache.get("a")).toBeUndefined();
    cache.set("d", "D", 5000);
    now = 5999;
    expect(cache.get("d")).toBe("D");
    cache.delete("d");
    expect(cache.get("d")).toBeUndefined();
    expect(cache.size).toBeLessThanOrEqual(2);
  });

  it("keeps null as a value (a miss is undefined)", () => {
    const cache = new BoundedCache<string | null>(5, 1000);
    cache.set("nobody", null);
    expect(cache.get("nobody")).toBeNull();
  });
});
