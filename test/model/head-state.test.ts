import {
  emptyState,
  keepPulls,
  mergeState,
  parseHeadState,
  renderHeadState,
} from "../../src/model/head-state.js";

const revoke = (id: number, by = "alice", of: string | null = null) => ({
  id,
  by,
  of,
  at: "2026-01-01T00:00:00Z",
});

describe("the head's state in the check run", () => {
  it("survives a round trip through the hidden block, inside other text", () => {
    const state = mergeState(emptyState(), null, [
      { number: 7, arrivedAt: "2026-01-01T00:00:05Z", pusher: "erin", revokes: [revoke(1)] },
    ]);
    const text = `${renderHeadState(state)}\n\n## Details\nmore`;
    expect(renderHeadState(state)).toMatch(/^<!-- countersign-state:[A-Za-z0-9+/=]+ -->$/);
    expect(parseHeadState(text)).toEqual(state);
  });

  it("reads nothing from text without a block, a damaged block or the wrong shape", () => {
    expect(parseHeadState(null)).toEqual(emptyState());
    expect(parseHeadState("no state here")).toEqual(emptyState());
    expect(parseHeadState("<!-- countersign-state:!!!! -->")).toEqual(emptyState());
    const wrong = Buffer.from(JSON.stringify({ pulls: { x: 1, "7": { revokes: [{}] } } })).toString(
      "base64",
    );
    expect(parseHeadState(`<!-- countersign-state:${wrong} -->`)).toEqual({
      pulls: { "7": { arrivedAt: null, revokes: [] } },
      pushers: [],
    });
  });

  it("keeps the latest arrival, each revoke once and each pusher once (case-insensitively)", () => {
    const first = mergeState(emptyState(), null, [
      { number: 7, arrivedAt: "2026-01-01T00:00:09Z", pusher: "Erin", revokes: [revoke(1)] },
    ]);
    const second = mergeState(first, { pulls: {}, pushers: ["walt", "erin"] }, [
      { number: 7, arrivedAt: "2026-01-01T00:00:05Z", pusher: "erin", revokes: [revoke(1)] },
    ]);
    expect(second.pulls["7"]).toEqual({ arrivedAt: "2026-01-01T00:00:09Z", revokes: [revoke(1)] });
    expect(second.pushers).toEqual(["Erin", "walt"]);
    expect(first.pushers).toEqual(["Erin"]); // inputs are not changed
  });

  it("drops the PRs no longer on the head, and evicts nothing else however many were seen", () => {
    const many = mergeState(
      emptyState(),
      null,
      Array.from({ length: 70 }, (_, i) => ({ number: i + 1 })),
    );
    expect(Object.keys(parseHeadState(renderHeadState(many)).pulls)).toHaveLength(70);
    expect(Object.keys(keepPulls(many, [3, 4]).pulls)).toEqual(["3", "4"]);
  });

  it("keeps one revoke per sender and person revoked, the latest: spam cannot push one out", () => {
    const spam = Array.from({ length: 200 }, (_, i) => ({
      id: 100 + i,
      by: "dave",
      of: null,
      at: `2026-01-01T00:${String(10 + (i % 40)).padStart(2, "0")}:00Z`,
    }));
    const state = mergeState(emptyState(), null, [
      {
        number: 7,
        revokes: [revoke(1, "alice"), revoke(2, "bob", "carol"), revoke(3, "bob", "erin")],
      },
      { number: 7, revokes: spam },
    ]);
    const kept = state.pulls["7"]!.revokes;
    expect(kept.map((r) => [r.by, r.of])).toEqual([
      ["alice", null],
      ["bob", "carol"],
      ["bob", "erin"],
      ["dave", null],
    ]);
    expect(kept[3]!.at).toBe("2026-01-01T00:49:00Z");
  });
});
