import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  EvaluatePool,
  EvaluationBudgetError,
  evalBudgetMs,
  evaluateDecision,
  extendsFor,
  installEvaluatePool,
  loadedConfigFor,
  lookupsFor,
} from "../../src/pipeline/evaluate-pool.js";
import { loadConfig } from "../../src/policy/config-load.js";
import { evaluate } from "../../src/policy/evaluate.js";
import { planLookups } from "../../src/policy/lookups.js";
import {
  approvals,
  buildSnapshot,
  codeowners,
  commit,
  directoryOf,
  files,
  loaded,
} from "../support/snapshot-builder.js";

const SLOW = fileURLToPath(new URL("../fixtures/slow-evaluate-worker.mjs", import.meta.url));
// The real worker as the server runs it: `npm test` builds lib/ before jest.
const BUILT = fileURLToPath(new URL("../../lib/pipeline/evaluate-worker.js", import.meta.url));

const pools: EvaluatePool[] = [];
function pool(options: ConstructorParameters<typeof EvaluatePool>[0]): EvaluatePool {
  const p = new EvaluatePool(options);
  pools.push(p);
  return p;
}
afterEach(async () => {
  installEvaluatePool(null);
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

function bigPull() {
  return buildSnapshot({
    pullRequest: { number: 12, title: "spin", body: "x".repeat(65_536) },
    codeowners: codeowners(
      `${Array.from({ length: 5000 }, (_, i) => `/s${i}/ @acme/t`).join("\n")}\n`,
    ),
    files: files(...Array.from({ length: 3000 }, (_, i) => `s${i}/a.ts`)),
    commits: [commit({ message: "m".repeat(1000) })],
  });
}

describe("the evaluation pool", () => {
  it("cancels an evaluation past its budget and names the sizes of its inputs", async () => {
    const p = pool({ budgetMs: 50, threads: 1, filename: SLOW });
    const err = await p
      .evaluate(bigPull(), directoryOf(bigPull()), loaded())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EvaluationBudgetError);
    const message = (err as Error).message;
    expect(message).toContain("evaluating #12 took more than 50 ms of CPU");
    expect(message).toContain("the PR body is 65,536 characters");
    expect(message).toContain("CODEOWNERS 5,000 lines");
    expect(message).toContain("3,000 files");
    expect(message).toContain("1 commit (the longest message 1,000 characters)");
  });

  it("replaces the cancelled worker: the next pull request is judged", async () => {
    const p = pool({ budgetMs: 50, threads: 1, filename: SLOW });
    const spinning = p
      .evaluate(bigPull(), directoryOf(bigPull()), loaded())
      .catch((e: unknown) => e);
    // Queued behind the spinning one on the single thread; its budget starts when it runs.
    const next = p.evaluate(
      buildSnapshot({ pullRequest: { number: 13 } }),
      directoryOf(buildSnapshot()),
      loaded(),
    );
    expect(await spinning).toBeInstanceOf(EvaluationBudgetError);
    expect(await next).toEqual({ number: 13 });
  });

  it("passes other failures through unchanged", async () => {
    const p = pool({ budgetMs: 5000, threads: 1, filename: SLOW });
    // A snapshot that cannot be posted to a worker (a function is not plain data).
    const broken = { ...buildSnapshot(), extra: () => 1 };
    const err = await p.evaluate(broken, directoryOf(broken), loaded()).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(EvaluationBudgetError);
    expect((err as Error).name).toBe("DataCloneError");
  });

  it("decides in the built worker exactly as in this thread", async () => {
    expect(existsSync(BUILT)).toBe(true);
    const snapshot = buildSnapshot({
      codeowners: codeowners("* @acme/core\n/services/pay/ @acme/pay\n"),
      files: files("services/pay/api.ts", "README.md"),
      commits: [commit({ message: "Refunds\n\nCo-authored-by: Claude <noreply@anthropic.com>\n" })],
      reviews: approvals("alice"),
      directory: { teams: { "acme/pay": ["alice"], "acme/core": ["bob"] } },
    });
    const config = loaded({
      services: [{ name: "pay", paths: ["services/pay/**"], tags: ["critical"] }],
    });
    const built = pool({ budgetMs: 5000, threads: 1, filename: BUILT });
    installEvaluatePool(built);
    const decision = await evaluateDecision(snapshot, snapshot.directory, config);
    expect(decision).toEqual(evaluate(snapshot, snapshot.directory, config));
    expect(decision.status).not.toBe("error");
    const needs = await built.lookups(snapshot, config);
    expect(needs).toEqual(planLookups(snapshot, config.config));
    expect(needs.teams).toContain("acme/pay");
    // So few (file, CODEOWNERS line) pairs are matched in this thread: the same answer.
    expect(await lookupsFor(snapshot, config)).toEqual(needs);
  });

  it("reads a large policy file in the pool, as in this thread, and within the budget", async () => {
    // A PR's own 320 KB file of unknown keys: ~0.3 s of YAML that once held the event loop.
    const text = `${Array.from({ length: 32_000 }, (_, i) => `k${i}: 1`).join("\n")}\n`;
    const head = {
      source: "acme/api:.github/countersign.yml@feature",
      path: ".github/countersign.yml",
      oid: "1".repeat(40),
      text,
    };
    const files = { base: null, org: null, head, extended: {} };
    const ctx = {
      owner: "acme",
      repo: "api",
      baseRef: "main",
      changedPaths: [".github/countersign.yml"],
    };
    const built = pool({ budgetMs: 5000, threads: 1, filename: BUILT });
    installEvaluatePool(built);
    const inPool = await loadedConfigFor(files, ctx);
    expect(inPool).toEqual(loadConfig(files, ctx));
    expect(inPool.errors.length).toBeGreaterThan(0);
    expect(await extendsFor(files, ctx)).toEqual([]);

    // Past the budget it is cancelled (only a worker can be), naming the size.
    installEvaluatePool(pool({ budgetMs: 1, threads: 1, filename: BUILT }));
    await expect(loadedConfigFor(files, ctx)).rejects.toThrow(
      /^reading the policy files took more than 1 ms of CPU: they are 308,890 characters in all\./,
    );
  });

  it("evaluates in this thread when no pool is installed (the CLI)", async () => {
    const snapshot = buildSnapshot();
    expect(await evaluateDecision(snapshot, snapshot.directory, loaded())).toEqual(
      evaluate(snapshot, snapshot.directory, loaded()),
    );
  });
});

describe("COUNTERSIGN_EVAL_BUDGET_MS", () => {
  it("defaults to 5,000 ms and refuses what is not a positive number", () => {
    expect(evalBudgetMs({})).toBe(5000);
    expect(evalBudgetMs({ COUNTERSIGN_EVAL_BUDGET_MS: "1" })).toBe(1);
    expect(() => evalBudgetMs({ COUNTERSIGN_EVAL_BUDGET_MS: "0" })).toThrow(/positive/);
    expect(() => evalBudgetMs({ COUNTERSIGN_EVAL_BUDGET_MS: "soon" })).toThrow(/positive/);
  });
});
