/** The AI verdict and the sticky label (SPEC §3). */

import type { Actor, TimelineEvent } from "../../src/model/snapshot.js";
import { aiVerdict } from "../../src/policy/ai-verdict.js";
import { commit, config, snapshot } from "../ai/build.js";

const admin: Actor = { login: "Root", type: "User" };
const dev: Actor = { login: "dev", type: "User" };
const app: Actor = { login: "countersign[bot]", type: "Bot" };
const canOverride = (login: string) => login.toLowerCase() === "root";

const aiCommit = commit("Fix\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n");

function ev(
  kind: "labeled" | "unlabeled",
  actor: Actor | null,
  minute: number,
  label = "ai-assisted",
): TimelineEvent {
  return { kind, label, actor, createdAt: `2026-01-01T10:${String(minute).padStart(2, "0")}:00Z` };
}

function verdict(opts: {
  labels?: string[];
  timeline?: TimelineEvent[];
  ai?: boolean;
  label?: string;
}) {
  const snap = snapshot(
    { labels: opts.labels ?? [] },
    { commits: opts.ai === false ? [commit("Fix\n")] : [aiCommit], timeline: opts.timeline ?? [] },
  );
  return aiVerdict(snap, config(opts.label ? { label: opts.label } : {}), canOverride);
}

describe("aiVerdict", () => {
  test("evidence without the label asks for it", () => {
    const v = verdict({});
    expect(v).toMatchObject({
      assisted: true,
      labelPresent: false,
      shouldLabel: true,
      label: "ai-assisted",
    });
    expect(v.evidence.map((e) => e.signal)).toEqual(["co-author"]);
    expect(v.clearedBy).toBeUndefined();
  });

  test("label present: evidence includes it, nothing to do", () => {
    const v = verdict({ labels: ["AI-Assisted"], timeline: [ev("labeled", app, 1)] });
    expect(v).toMatchObject({ assisted: true, labelPresent: true, shouldLabel: false });
    expect(v.evidence.at(-1)).toMatchObject({
      signal: "label",
      matched: "ai-assisted (added by @countersign[bot])",
    });
  });

  test("no evidence, no label: not assisted", () => {
    expect(verdict({ ai: false })).toMatchObject({
      assisted: false,
      evidence: [],
      shouldLabel: false,
    });
  });

  test("removed by someone without override rights while evidence remains: put it back", () => {
    const v = verdict({ timeline: [ev("labeled", app, 1), ev("unlabeled", dev, 2)] });
    expect(v).toMatchObject({ assisted: true, shouldLabel: true });
    expect(v.clearedBy).toBeUndefined();
  });

  test("removed by a ghost (no actor): put it back", () => {
    expect(verdict({ timeline: [ev("labeled", app, 1), ev("unlabeled", null, 2)] })).toMatchObject({
      shouldLabel: true,
    });
  });

  test("removed by an overrider: not assisted, cleared, not put back", () => {
    const v = verdict({ timeline: [ev("labeled", app, 1), ev("unlabeled", admin, 2)] });
    expect(v).toMatchObject({
      assisted: false,
      shouldLabel: false,
      labelPresent: false,
      clearedBy: { login: "Root", at: "2026-01-01T10:02:00Z" },
    });
    // The cleared evidence stays visible for the check's explanation.
    expect(v.evidence).toHaveLength(1);
  });

  test("relabelled after an overrider's removal: assisted again", () => {
    const v = verdict({
      labels: ["ai-assisted"],
      timeline: [ev("labeled", app, 1), ev("unlabeled", admin, 2), ev("labeled", dev, 3)],
    });
    expect(v).toMatchObject({ assisted: true, shouldLabel: false, labelPresent: true });
    expect(v.clearedBy).toBeUndefined();
  });

  test("the latest event decides, whatever the list order", () => {
    const v = verdict({
      timeline: [ev("unlabeled", admin, 5), ev("labeled", app, 1), ev("unlabeled", dev, 3)],
    });
    expect(v.clearedBy?.login).toBe("Root");
  });

  test("a later removal by a non-overrider after relabel puts it back again", () => {
    const v = verdict({
      timeline: [ev("unlabeled", admin, 2), ev("labeled", dev, 3), ev("unlabeled", dev, 4)],
    });
    expect(v).toMatchObject({ assisted: true, shouldLabel: true });
  });

  test("a human-added label without other evidence keeps the PR assisted", () => {
    const v = verdict({ ai: false, labels: ["ai-assisted"], timeline: [ev("labeled", dev, 1)] });
    expect(v).toMatchObject({ assisted: true, shouldLabel: false });
    expect(v.evidence).toEqual([
      expect.objectContaining({ signal: "label", matched: "ai-assisted (added by @dev)" }),
    ]);
  });

  test("a human-added label removed by a non-overrider without evidence: not assisted, not put back", () => {
    const v = verdict({ ai: false, timeline: [ev("labeled", dev, 1), ev("unlabeled", dev, 2)] });
    expect(v).toMatchObject({ assisted: false, shouldLabel: false });
  });

  test("other labels' events and a configured label name", () => {
    const v = verdict({
      label: "AI",
      labels: [],
      timeline: [ev("unlabeled", admin, 1, "ai-assisted"), ev("unlabeled", admin, 2, "bug")],
    });
    expect(v).toMatchObject({ label: "AI", assisted: true, shouldLabel: true });
    const cleared = verdict({ label: "AI", timeline: [ev("unlabeled", admin, 2, "ai")] });
    expect(cleared).toMatchObject({ assisted: false, clearedBy: { login: "Root" } });
  });

  test("the snapshot's head branch is evidence from the PR itself", () => {
    const snap = snapshot({ headRef: "copilot/fix-42" }, { commits: [commit("Fix\n")] });
    const v = aiVerdict(snap, config(), canOverride);
    expect(v).toMatchObject({ assisted: true, shouldLabel: true });
    expect(v.evidence).toEqual([
      expect.objectContaining({
        signal: "branch",
        matched: "copilot/fix-42",
        where: "PR head branch",
      }),
    ]);
    expect(v.evidence[0]!.commit).toBeUndefined();
    const human = snapshot({ headRef: "cursor-style" }, { commits: [commit("Fix\n")] });
    expect(aiVerdict(human, config(), canOverride)).toMatchObject({ assisted: false });
  });
});
