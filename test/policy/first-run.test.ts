import { firstReportedAt, firstRunOf } from "../../src/policy/first-run.js";

const run = (databaseId: number, startedAt: string | null, name = "countersign") => ({
  databaseId,
  name,
  startedAt,
  conclusion: null,
});

describe("the app's first run on a head", () => {
  it("is the earliest started, ties broken by id; runs of other names and unknown starts come last", () => {
    const runs = [
      run(5, "2026-01-01T00:00:02Z"),
      run(9, null),
      run(3, "2026-01-01T00:00:02Z"),
      run(1, "2026-01-01T00:00:01Z", "other"),
    ];
    expect(firstRunOf(runs)?.databaseId).toBe(3);
    expect(firstReportedAt(runs)).toBe(Date.parse("2026-01-01T00:00:02Z"));
    expect(firstRunOf([run(9, null)])?.databaseId).toBe(9);
    expect(firstReportedAt([run(9, null)])).toBeNull();
    expect(firstRunOf([])).toBeNull();
  });
});
