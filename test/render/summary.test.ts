import { renderSummary } from "../../src/render/summary.js";
import {
  AI_COMMIT,
  approvals,
  base,
  ctx,
  designDoc,
  errored,
  failingCritical,
  group,
  huge,
  invalidConfig,
  manyGroups,
  NASTY_REASON,
  overridden,
  passing,
  reportMode,
  rule,
} from "./decisions.js";

/** Table rows: lines that start with `|`. */
function tableRows(md: string): string[] {
  return md.split("\n").filter((l) => l.startsWith("|"));
}

/** Cell separators GitHub sees: `|` not preceded by a backslash. */
function columns(row: string): number {
  return (row.match(/(?<!\\)\|/g) ?? []).length - 1;
}

/** Each table keeps the column count of its header. */
function expectTablesIntact(md: string): void {
  const lines = md.split("\n");
  let width = 0;
  for (const line of lines) {
    if (!line.startsWith("|")) {
      width = 0;
      continue;
    }
    if (width === 0) width = columns(line);
    expect({ line, columns: columns(line) }).toEqual({ line, columns: width });
  }
}

describe("renderSummary: rules table", () => {
  const { summary } = renderSummary(failingCritical(), ctx);
  const row = tableRows(summary).find((l) => l.includes("`critical-services`"))!;

  it("opens with a verdict", () => {
    expect(summary.split("\n")[0]).toMatch(/^## ❌ Needs 1 more approval from/);
    expect(renderSummary(passing(), ctx).summary.split("\n")[0]).toBe("## ✅ All review rules met");
    expect(renderSummary(reportMode(), ctx).summary.split("\n")[0]).toMatch(/^## ⚪ Report mode: /);
    expect(renderSummary(invalidConfig(), ctx).summary.split("\n")[0]).toBe(
      "## ⚠️ Invalid configuration",
    );
  });

  it("lists who counted and who did not, with why", () => {
    expect(row).toContain("changes critical service pay: services/pay/charge.ts");
    expect(row).toContain("2 approvals from code owners");
    expect(row).toContain("❌ 1 of 2");
    expect(row).toContain("| @alice |");
    expect(row).toContain("@bob: approved an older commit (9f8e7d6)");
    expect(row).toContain("@erin: not a code owner of services/pay/charge.ts");
    expect(row).toContain("@dave: author of the PR");
    expect(columns(row)).toBe(6);
  });

  it("has a row for the design doc", () => {
    const doc = tableRows(summary).find((l) => l.includes("a linked design doc"))!;
    expect(doc).toContain("❌");
    expect(doc).toContain("| — | no design doc linked in the PR description |");
  });

  it("details each owner group: owners, files, needed vs approved, missing", () => {
    expect(summary).toContain(
      "❌ **@acme/pay**: 1 of 2 approvals, 1 missing · owns `services/pay/**`",
    );
    expect(summary).toContain("3 files: `services/pay/charge.ts`");
  });

  it("speaks of groups of files only when there are several", () => {
    expect(summary).toContain("**`critical-services`** needs 2 approvals from code owners:\n");
    const many = renderSummary(manyGroups(2), ctx).summary;
    expect(many).toContain(
      "**`critical-services`** needs 1 approval from code owners for each group of files:",
    );
  });

  it("says how to get unblocked and how to override", () => {
    expect(summary).toContain("Ask @acme/pay for 1 more approval (they own `services/pay/**`)");
    expect(summary).toContain("`Design-Doc: <link>`");
    expect(summary).toContain("`docs/design/**`");
    expect(summary).toContain("/countersign override <reason>");
    expect(summary).toContain("@acme/release-managers (never the PR author)");
    expect(summary).toContain("applies only to the current head commit [a1b2c3d]");
  });

  it("does not offer overrides in report mode, but still says what is missing", () => {
    const report = renderSummary(reportMode(), ctx).summary;
    expect(report).not.toContain("### How to override");
    expect(report).toContain("### How to meet the rules");
  });

  it("lists bad design-doc links with why", () => {
    const doc = designDoc({
      problems: [{ link: "docs/notes/x.md", reason: "not under design_doc.paths" }],
    });
    const d = base({ conclusion: "failure", rules: [rule("critical-services", [doc])] });
    const s = renderSummary(d, ctx).summary;
    expect(s).toContain("| `docs/notes/x.md`: not under design\\_doc.paths |");
    expect(s).toContain("Fix or replace `docs/notes/x.md`");
  });

  it("leaves text empty when the summary shows everything", () => {
    expect(renderSummary(failingCritical(), ctx).text).toBe("");
  });
});

describe("renderSummary: AI authorship", () => {
  it("links each commit by its 7-character short SHA", () => {
    const { summary } = renderSummary(failingCritical(), ctx);
    expect(summary).toContain(
      `[${AI_COMMIT.slice(0, 7)}](https://github.com/acme/api/commit/${AI_COMMIT})`,
    );
    expect(summary).toContain("| `Co-authored-by: Claude <noreply@anthropic.com>` |");
    // SPEC §3: evidence from the PR itself is marked "PR".
    expect(summary).toMatch(/\| PR \(body\) \|$/m);
  });

  it("shows the first 20 pieces of evidence and counts the rest; text has them all", () => {
    const { summary, text } = renderSummary(huge(3, 45), ctx);
    const evidenceRows = tableRows(summary).filter((l) => l.includes("/commit/"));
    expect(evidenceRows).toHaveLength(20);
    expect(summary).toContain("… and 25 more pieces of evidence");
    expect(tableRows(text).filter((l) => l.includes("/commit/"))).toHaveLength(45);
  });

  it("says who cleared the label", () => {
    const d = failingCritical();
    d.ai = { ...d.ai, assisted: false, clearedBy: { login: "rita", at: "2024-05-02T09:00:00Z" } };
    expect(renderSummary(d, ctx).summary).toContain(
      "**Not treated as AI-assisted**: @rita removed the `ai-assisted` label on 2024-05-02 09:00 UTC",
    );
  });
});

describe("renderSummary: overrides", () => {
  const { summary } = renderSummary(overridden(), ctx);

  it("names who, when, why, with a link to the comment", () => {
    const line = summary.split("\n").find((l) => l.startsWith("- ✅ @rita"))!;
    expect(line).toContain("2024-05-01 14:03 UTC");
    expect(line).toContain("([comment](https://github.com/acme/api/pull/42#issuecomment-1001))");
    expect(line).toContain("Hotfix \\| prod down");
  });

  it("lists ignored commands with why", () => {
    expect(summary).toContain(
      "- ⛔ @dave ([comment](https://github.com/acme/api/pull/42#issuecomment-1000)) did not count: the PR author cannot override \\| ever",
    );
  });

  it("does not ask for unblocking once overridden", () => {
    expect(summary).toContain("## ✅ Overridden by");
    expect(summary).not.toContain("How to get unblocked");
    expect(summary).toContain("`/countersign revoke`");
  });
});

describe("renderSummary: escaping user text", () => {
  function nasty() {
    const d = overridden();
    const q = d.rules[0]!.requirements[0]!;
    if (q.kind === "approvals") q.rejected.push({ login: "mallory", reason: NASTY_REASON });
    d.ai.evidence.push({ ...d.ai.evidence[0]!, matched: "a ``` | ` b | <img src=x>" });
    d.warnings.push(`CODEOWNERS line 3: ${NASTY_REASON}`);
    d.rules[0]!.because = [`changes critical service ${NASTY_REASON}`];
    return renderSummary(d, ctx).summary;
  }

  it("keeps every table's columns", () => {
    expectTablesIntact(nasty());
  });

  it("lets no HTML through and pings no one", () => {
    const s = nasty();
    const outsideCode = s.replace(/(`+)[\s\S]*?\1/g, "");
    expect(outsideCode).not.toMatch(/<(?!br>|\/?sub>)/);
    expect(s).not.toContain("<script>");
    expect(s).not.toMatch(/@everyone/);
    expect(s).toContain("&lt;script&gt;");
  });

  it("makes no links out of user text", () => {
    expect(nasty()).not.toContain("[click](http://evil.example)");
  });

  it("keeps backticks inside code spans", () => {
    expect(nasty()).toContain("| ````a ``` \\| ` b \\| <img src=x>```` |");
  });
});

describe("renderSummary: invalid configuration and errors", () => {
  it("lists each bad key with its line, and how to fix", () => {
    const { summary, text } = renderSummary(invalidConfig(), ctx);
    expect(summary).toContain("**`acme/api:.github/countersign.yml@main`**");
    expect(summary).toContain(
      "| `rules.0.require.approvals` | 12 | Too small: expected number to be &gt;=1 |",
    );
    expect(summary).toContain("| `ai.labell` | 3 |");
    expect(summary).toContain("npx countersign validate");
    expect(text).toBe("");
  });

  it("gives the error, the request id and how to retry", () => {
    const { summary } = renderSummary(errored(), ctx);
    expect(summary).toContain("> GitHub answered 502 Bad Gateway");
    expect(summary).toContain("`C0DE:1234:5678AB:9ABCDE:66321A0B`");
    expect(summary).toContain("`/countersign recheck`");
    expect(summary).toContain("**Re-run**");
  });

  it("explains an unowned group and approvals from anyone", () => {
    const g = group({ owners: [], patterns: [], needed: 1, approvedBy: [] });
    const d = base({
      conclusion: "failure",
      rules: [rule("any", [approvals({ from: "any", groups: [g] })])],
    });
    const s = renderSummary(d, ctx).summary;
    expect(s).toContain("1 approval from anyone with write access");
    expect(s).toContain("Get 1 more approval from anyone with write access");
  });
});

describe("renderSummary: reading order", () => {
  it("says what to do before explaining why", () => {
    const { summary } = renderSummary(failingCritical(), ctx);
    const at = (s: string) => summary.indexOf(s);
    expect(at("### How to get unblocked")).toBeGreaterThan(0);
    expect(at("### How to get unblocked")).toBeLessThan(at("### Rules"));
    expect(at("### Rules")).toBeLessThan(at("### AI authorship"));
    expect(at("### AI authorship")).toBeLessThan(at("### How to override"));
  });
});
