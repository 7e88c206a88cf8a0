import type { GitHubClient } from "../../src/github/client.js";
import { applyLabels } from "../../src/github/labels.js";

/** A repository without the label: each add answers with it as GitHub creates it, grey. */
function fakeGitHub() {
  const writes: string[] = [];
  const gh = {
    rest: {
      issues: {
        addLabels: async ({ issue_number, labels }: { issue_number: number; labels: string[] }) => {
          writes.push(`add #${issue_number}`);
          return { data: labels.map((name) => ({ name, color: "ededed", description: null })) };
        },
        updateLabel: async ({ name }: { name: string }) => {
          writes.push(`colour ${name}`);
          return { data: {} };
        },
      },
    },
  } as unknown as GitHubClient;
  return { gh, writes };
}

const log = { warn: () => {} } as never;

describe("applyLabels", () => {
  it("adds the label to each PR now and colours it once, later, however many PRs share the head", async () => {
    const { gh, writes } = fakeGitHub();
    const colour = await applyLabels(gh, { owner: "acme", repo: "api" }, [
      { number: 1, label: "ai-assisted" },
      { number: 2, label: "ai-assisted" },
    ]);
    expect(writes).toEqual(["add #1", "add #2"]);
    await colour(log);
    expect(writes).toEqual(["add #1", "add #2", "colour ai-assisted"]);
  });

  it("a failed colouring is logged, never thrown: the verdict is already written", async () => {
    const { gh } = fakeGitHub();
    (gh.rest.issues as { updateLabel: unknown }).updateLabel = async () => {
      throw Object.assign(new Error("Forbidden"), { status: 403 });
    };
    const warned: unknown[] = [];
    const colour = await applyLabels(gh, { owner: "acme", repo: "api" }, [
      { number: 1, label: "ai-assisted" },
    ]);
    await expect(
      colour({ warn: (o: unknown) => warned.push(o) } as never),
    ).resolves.toBeUndefined();
    expect(warned).toHaveLength(1);
  });
});
