import fc from "fast-check";
import { renderTitle, TITLE_SOFT_MAX } from "../../src/render/title.js";
import {
  approvals,
  base,
  changesRequested,
  designDocOnly,
  errored,
  failingCritical,
  group,
  invalidConfig,
  manyGroups,
  noRules,
  overridden,
  passing,
  reportMode,
  rule,
  specExample,
  unownedCritical,
} from "./decisions.js";

describe("renderTitle: what is missing", () => {
  it("reads SPEC §7's examples exactly", () => {
    expect(renderTitle(specExample(["alice"], true))).toBe(
      "Needs 1 more approval from @acme/payments and a design doc",
    );
    expect(renderTitle(specExample([], false))).toBe("Needs 2 more approvals from @acme/payments");
  });

  it("adds the owners' paths when they are known", () => {
    expect(renderTitle(failingCritical())).toBe(
      "Needs 1 more approval from @acme/pay (services/pay/**) and a design doc",
    );
  });

  it("uses singular and plural with digits", () => {
    expect(renderTitle(specExample(["alice"], false))).toBe(
      "Needs 1 more approval from @acme/payments",
    );
    expect(renderTitle(specExample([], true))).toBe(
      "Needs 2 more approvals from @acme/payments and a design doc",
    );
  });

  it("names a missing design doc alone", () => {
    expect(renderTitle(designDocOnly())).toBe("Needs a design doc");
  });

  it("lists one owner group once when two rules are short of it, with the larger shortfall", () => {
    const d = failingCritical();
    for (const r of d.rules) {
      r.met = false;
      for (const q of r.requirements) {
        if (q.kind !== "approvals") continue;
        q.groups[0]!.approvedBy = [];
        q.met = false;
      }
    }
    expect(renderTitle(d)).toBe(
      "Needs 2 more approvals from @acme/pay (services/pay/**) and a design doc",
    );
  });

  it("joins several owner groups", () => {
    const groups = [
      group({ owners: ["@acme/pay"], patterns: ["pay/**"], needed: 1, approvedBy: [] }),
      group({ owners: ["@acme/db", "@carol"], patterns: ["db/**"], needed: 2, approvedBy: [] }),
    ];
    const d = base({ conclusion: "failure", rules: [rule("r", [approvals({ groups })])] });
    expect(renderTitle(d)).toBe(
      "Needs 1 more approval from @acme/pay (pay/**) and 2 more approvals from @acme/db or @carol (db/**)",
    );
  });

  it("stays short with many groups, counting the rest", () => {
    const title = renderTitle(manyGroups(30));
    expect(title.length).toBeLessThanOrEqual(TITLE_SOFT_MAX);
    const m = /and (\d+) more owner groups$/.exec(title);
    expect(m).not.toBeNull();
    const shown = title.match(/1 more approval from @acme\/team-\d+/g) ?? [];
    expect(shown.length + Number(m![1])).toBe(30);
  });

  it("names changes requested and unowned critical files", () => {
    expect(renderTitle(changesRequested())).toBe("Changes requested by @bob");
    expect(renderTitle(unownedCritical())).toBe("No code owner for services/x.ts (critical)");
  });
});

describe("renderTitle: other outcomes", () => {
  it("says when everything is met", () => {
    expect(renderTitle(passing())).toBe("All review rules met");
    expect(renderTitle(passing(true))).toBe("AI-assisted; all review rules met");
    expect(renderTitle(noRules())).toBe("No rules apply");
  });

  it("names who overrode and why, on one short line", () => {
    const title = renderTitle(overridden());
    expect(title.startsWith("Overridden by @rita: Hotfix | prod down <script>")).toBe(true);
    expect(title.length).toBeLessThanOrEqual(TITLE_SOFT_MAX);
    expect(title.endsWith("…")).toBe(true);
  });

  it("prefixes report mode", () => {
    expect(renderTitle(reportMode())).toBe(
      "Report mode: Needs 1 more approval from @acme/pay (services/pay/**) and a design doc",
    );
  });

  it("is exact for invalid configuration and errors, whatever the mode", () => {
    expect(renderTitle(invalidConfig())).toBe("Invalid configuration");
    expect(renderTitle({ ...invalidConfig(), mode: "report" })).toBe("Invalid configuration");
    expect(renderTitle(errored())).toBe("Could not evaluate");
  });

  it("is always one line of at most 255 characters, never half a surrogate pair", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 600 }), fc.boolean(), (text, asPath) => {
        const d = asPath ? unownedCritical() : overridden();
        if (asPath) {
          const q = d.rules[0]!.requirements[0]!;
          if (q.kind === "approvals") q.groups[0]!.files = [text + "🤖".repeat(200)];
        } else {
          d.overrides.active[0]!.reason = text;
        }
        const title = renderTitle(d);
        expect(title.length).toBeLessThanOrEqual(255);
        expect(title).not.toMatch(/[\r\n]/);
        expect(title).not.toMatch(
          /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
        );
      }),
    );
  });
});

describe("renderTitle: owners who cannot approve", () => {
  it("says the group lacks eligible approvers", () => {
    const g = group({
      approvedBy: [],
      unsatisfiable: "only 1 of the owners can approve (contributors and bots cannot); 2 needed",
    });
    const d = base({
      conclusion: "failure",
      rules: [rule("critical-services", [approvals({ groups: [g] })])],
    });
    expect(renderTitle(d)).toBe("Not enough eligible approvers in @acme/pay");
  });
});
