import { generateKeyPairSync, type KeyObject, sign as rsaSign } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { validate as validateWithOctokit } from "@octokit/graphql-schema";
import { verify } from "@octokit/webhooks-methods";
import { Kind, parse, validate } from "graphql";
import { CHECK_NAME } from "../../src/policy/first-run.js";
import { loadDocuments } from "./documents.js";
import { githubSchema } from "./double/graphql.js";
import { connection } from "./double/pagination.js";
import {
  type GitHubDouble,
  type PullModel,
  type RepoModel,
  startGitHubDouble,
} from "./github-double.js";
import { examplePayload, payloadFor, sendWebhook } from "./webhooks.js";

const APP_ID = 4242;
const documents = loadDocuments();
const doc = (name: string) => {
  const found = documents.find((d) => d.name === name);
  if (!found) throw new Error(`no document ${name}`);
  return found.source;
};

// biome-ignore lint/suspicious/noExplicitAny: test responses are untyped JSON.
type Any = any;

interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

async function call(gh: GitHubDouble, method: string, path: string, opts: CallOptions = {}) {
  const res = await fetch(`${gh.url}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(opts.token ? { authorization: `token ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: (text ? JSON.parse(text) : undefined) as Any,
  };
}

async function gql(
  gh: GitHubDouble,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
) {
  // The app sends the check's name as $checkName (src/github/graphql.ts), so do the tests.
  const vars = query.includes("$checkName") ? { checkName: CHECK_NAME, ...variables } : variables;
  const res = await call(gh, "POST", "/api/graphql", { token, body: { query, variables: vars } });
  expect(res.status).toBe(200);
  return res.json as { data?: Any; errors?: Any[] };
}

function jwtFor(privateKey: KeyObject, iss: number): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${enc({ alg: "RS256", typ: "JWT" })}.${enc({ iat: now - 30, exp: now + 540, iss })}`;
  return `${unsigned}.${rsaSign("RSA-SHA256", Buffer.from(unsigned), privateKey).toString("base64url")}`;
}

describe("GraphQL documents", () => {
  it("are one per operation, each with exactly the fragments it uses", () => {
    const names = documents.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        "CountersignSnapshot",
        "CountersignSnapshotPage",
        "CountersignPullsForCommit",
        "CountersignMergeQueue",
        "CountersignOpenPulls",
      ]),
    );
    const fragmentsOf = (name: string) =>
      [...doc(name).matchAll(/^fragment (\w+)/gm)].map((m) => m[1]);
    expect(fragmentsOf("CountersignPullsForCommit")).toEqual([]);
    expect(fragmentsOf("CountersignSnapshotPage")).not.toContain("BlobEntry");
    expect(fragmentsOf("CountersignSnapshotPage")).toContain("GitActorFields");
    expect(fragmentsOf("CountersignSnapshot")).toContain("BlobEntry");
    for (const d of documents) {
      const spread = new Set([...d.source.matchAll(/\.\.\.(\w+)/g)].map((m) => m[1]));
      expect(fragmentsOf(d.name).sort()).toEqual([...spread].sort());
    }
  });

  it.each(documents.map((d) => [d.name, d.source]))(
    "%s validates against GitHub's schema",
    async (_name, source) => {
      expect(validate(await githubSchema(), parse(source))).toEqual([]);
      expect(validateWithOctokit(source)).toEqual([]);
    },
  );
});

describe("the GitHub double", () => {
  let gh: GitHubDouble;
  let repo: RepoModel;
  let pr: PullModel;
  let token: string;
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });

  beforeEach(async () => {
    gh = await startGitHubDouble({ appId: APP_ID, publicKey: keys.publicKey });
    repo = gh.addRepo({
      owner: "acme",
      name: "api",
      branches: {
        main: {
          ".github/countersign.yml": "mode: enforce\n",
          ".github/CODEOWNERS": "services/checkout/** @acme/payments\n",
          "docs/design/checkout.md": "# Checkout\n",
          "services/checkout/a.ts": "export const a = 1;\n",
        },
      },
      customProperties: { criticality: "critical" },
    });
    gh.addUser("alice", { email: "alice@acme.dev" });
    gh.addTeam("acme", "payments", ["alice", "bob"]);
    gh.setPermission(repo, "alice", "write");
    gh.setPermission(repo, "bob", "read");
    pr = gh.addPullRequest(repo, {
      number: 7,
      author: "carol",
      title: "Checkout v2",
      body: "Design-Doc: docs/design/checkout.md",
      commits: [
        {
          message: "Add checkout\n\nCo-authored-by: Claude <noreply@anthropic.com>",
          files: {
            "services/checkout/a.ts": "export const a = 2;\n",
            ".github/countersign.yml": "mode: report\n",
          },
        },
        {
          message: "Apply suggestion",
          author: { name: "Alice", email: "alice@acme.dev" },
          committedViaWeb: true,
          files: { "services/checkout/b.ts": "export const b = 1;\n" },
        },
      ],
      reviews: [
        { author: "alice", state: "APPROVED" },
        { author: "bob", state: "APPROVED" },
      ],
      comments: [{ author: "dave", body: "/countersign override hotfix" }],
      labels: ["ai-assisted"],
      assignees: ["carol"],
    });
    gh.removeLabel(pr, "ai-assisted", "alice");
    token = gh.issueToken(repo.installationId).token;
  });

  afterEach(async () => {
    await gh.close();
  });

  describe("GraphQL", () => {
    it("answers the snapshot from the model, the missing org .github repository as NOT_FOUND beside the data", async () => {
      const created = await call(gh, "POST", "/api/v3/repos/acme/api/check-runs", {
        token,
        body: { name: "countersign", head_sha: pr.headOid, status: "in_progress" },
      });
      expect(created.status).toBe(201);
      gh.addCheckRun(repo, {
        name: "countersign",
        head_sha: pr.headOid,
        app: { id: 99 },
        conclusion: "success",
      });

      const res = await gql(gh, token, doc("CountersignSnapshot"), {
        owner: "acme",
        repo: "api",
        number: 7,
        appId: APP_ID,
        doc0: "docs/design/checkout.md",
        hasDoc0: true,
        doc1: "docs/design/missing.md",
        hasDoc1: true,
      });
      expect(res.errors).toEqual([
        {
          type: "NOT_FOUND",
          path: ["orgRepo"],
          locations: expect.any(Array),
          message: "Could not resolve to a Repository with the name 'acme/.github'.",
        },
      ]);
      expect(res.data.orgRepo).toBeNull();
      const p = res.data.repository.pullRequest;
      expect(p).toMatchObject({
        number: 7,
        title: "Checkout v2",
        body: "Design-Doc: docs/design/checkout.md",
        state: "OPEN",
        isDraft: false,
        changedFiles: 3,
        baseRefName: "main",
        baseRefOid: gh.branchOid(repo, "main"),
        headRefName: "feature-7",
        headRefOid: pr.headOid,
        author: { __typename: "User", login: "carol" },
        assignees: { nodes: [{ login: "carol" }] },
        labels: { nodes: [] },
      });
      // The base branch's files, not the head's.
      const base = p.baseRef.target;
      expect(base.oid).toBe(gh.branchOid(repo, "main"));
      expect(base.policy.object.text).toBe("mode: enforce\n");
      expect(base.policy.object).toMatchObject({ isTruncated: false, byteSize: 14 });
      expect(base.codeownersGithub.object.text).toContain("@acme/payments");
      expect(base.codeownersRoot).toBeNull();
      expect(base.doc0).toEqual({ path: "docs/design/checkout.md" });
      expect(base.doc1).toBeNull();
      expect(base.doc2).toBeUndefined();
      const head = p.head.nodes[0].commit;
      expect(head.oid).toBe(pr.headOid);
      expect(head.policy.object.text).toBe("mode: report\n");
      expect(head.checkSuites.nodes).toHaveLength(1);
      expect(head.checkSuites.nodes[0].checkRuns.nodes).toEqual([
        {
          databaseId: created.json.id,
          name: "countersign",
          startedAt: created.json.started_at,
          text: null,
          conclusion: null,
        },
      ]);

      expect(p.commits.totalCount).toBe(2);
      const [c1, c2] = p.commits.nodes.map((n: Any) => n.commit);
      expect(c1.message).toBe("Add checkout\n\nCo-authored-by: Claude <noreply@anthropic.com>");
      expect(c1.authors.nodes).toEqual([
        {
          name: "carol",
          email: expect.stringMatching(/^\d+\+carol@users\.noreply\.github\.com$/),
          user: { login: "carol" },
        },
        { name: "Claude", email: "noreply@anthropic.com", user: null },
      ]);
      expect(c1.parents.nodes).toEqual([{ oid: gh.branchOid(repo, "main") }]);
      expect(c2).toMatchObject({
        message: "Apply suggestion",
        committedViaWeb: true,
        author: { name: "Alice", email: "alice@acme.dev", user: { login: "alice" } },
        parents: { nodes: [{ oid: c1.oid }] },
      });
      expect(p.files.nodes).toEqual([
        { path: ".github/countersign.yml", changeType: "MODIFIED" },
        { path: "services/checkout/a.ts", changeType: "MODIFIED" },
        { path: "services/checkout/b.ts", changeType: "ADDED" },
      ]);
      expect(
        p.reviews.nodes.map((r: Any) => [
          r.author.login,
          r.state,
          r.commit.oid,
          r.authorCanPushToRepository,
        ]),
      ).toEqual([
        ["alice", "APPROVED", pr.headOid, true],
        ["bob", "APPROVED", pr.headOid, false],
      ]);
      expect(p.comments.nodes[0]).toMatchObject({
        databaseId: pr.comments[0]!.databaseId,
        body: "/countersign override hotfix",
        lastEditedAt: null,
        author: { __typename: "User", login: "dave" },
      });
      expect(p.timelineItems.nodes).toMatchObject([
        {
          __typename: "LabeledEvent",
          createdAt: pr.createdAt,
          label: { name: "ai-assisted" },
          actor: { __typename: "User", login: "carol" },
        },
        {
          __typename: "AssignedEvent",
          createdAt: pr.createdAt,
          actor: { __typename: "User", login: "carol" },
          assignee: { login: "carol" },
        },
        {
          __typename: "UnlabeledEvent",
          createdAt: expect.any(String),
          label: { name: "ai-assisted" },
          actor: { __typename: "User", login: "alice" },
        },
      ]);
    });

    it("executes every document against the model without errors", async () => {
      gh.addRepo({
        owner: "acme",
        name: ".github",
        branches: { main: { ".github/countersign.yml": "mode: report\n" } },
      });
      gh.setMergeQueue(repo, "main", [{ number: 7 }]);
      const values: Record<string, unknown> = {
        owner: "acme",
        repo: "api",
        number: 7,
        appId: APP_ID,
        oid: pr.headOid,
        headSha: pr.headOid,
        headOid: pr.headOid,
        checkName: "countersign",
        branch: "main",
        base: "main",
        expression: "main:.github/countersign.yml",
        homeOwner: "acme",
        homeRepo: "api",
        doc0: "docs/design/checkout.md",
        hasDoc0: true,
        doc1: "services/checkout/b.ts",
        hasDoc1: true,
        withCommits: true,
        withFiles: true,
        withReviews: true,
        withComments: true,
        withTimeline: true,
      };
      const results: Record<string, Any> = {};
      for (const d of documents) {
        const op = parse(d.source).definitions.find(
          (def) => def.kind === Kind.OPERATION_DEFINITION,
        );
        const variables: Record<string, unknown> = {};
        for (const v of op?.kind === Kind.OPERATION_DEFINITION
          ? (op.variableDefinitions ?? [])
          : []) {
          const name = v.variable.name.value;
          if (name in values) variables[name] = values[name];
          else if (v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue) {
            throw new Error(`give $${name} of ${d.name} a value in this test`);
          }
        }
        const res = await gql(gh, token, d.source, variables);
        expect({ name: d.name, errors: res.errors }).toEqual({ name: d.name, errors: undefined });
        expect(res.data.repository).not.toBeNull();
        results[d.name] = res.data;
      }
      expect(results["CountersignSnapshotPage"].repository.pullRequest.commits.nodes).toHaveLength(
        2,
      );
      if (results["CountersignPathsExist"]) {
        const exists = results["CountersignPathsExist"].repository.pullRequest;
        expect(exists.baseRef.target).toEqual({
          doc0: { path: "docs/design/checkout.md" },
          doc1: null,
        });
        expect(results["CountersignPathsExist"].repository.headCommit.doc1).toEqual({
          path: "services/checkout/b.ts",
        });
      }
      if (results["CountersignExtendedFile"]) {
        expect(results["CountersignExtendedFile"].repository.object).toMatchObject({
          text: "mode: enforce\n",
        });
      }
    });

    it("reads the org .github repository when the installation can see it, and hides it otherwise", async () => {
      const org = gh.addRepo({
        owner: "acme",
        name: ".github",
        branches: { main: { ".github/countersign.yml": "mode: report\n" } },
      });
      const vars = { owner: "acme", repo: "api", number: 7, appId: APP_ID };
      const seen = await gql(gh, token, doc("CountersignSnapshot"), vars);
      expect(seen.errors).toBeUndefined();
      expect(seen.data.orgRepo.defaultBranchRef).toMatchObject({
        name: "main",
        target: { policy: { path: ".github/countersign.yml", object: { text: "mode: report\n" } } },
      });
      org.installationId = 1;
      const hidden = await gql(gh, token, doc("CountersignSnapshot"), vars);
      expect(hidden.errors?.[0]).toMatchObject({ type: "NOT_FOUND", path: ["orgRepo"] });
      expect(hidden.data.repository.pullRequest.number).toBe(7);
    });

    it("gives bots' logins without [bot], as GitHub's GraphQL does, and their labels in the timeline", async () => {
      await call(gh, "POST", "/api/v3/repos/acme/api/issues/7/labels", {
        token,
        body: { labels: ["ai-assisted"] },
      });
      const res = await gql(gh, token, doc("CountersignSnapshot"), {
        owner: "acme",
        repo: "api",
        number: 7,
        appId: 1,
      });
      const last = res.data.repository.pullRequest.timelineItems.nodes.at(-1);
      expect(last).toMatchObject({
        __typename: "LabeledEvent",
        label: { name: "ai-assisted" },
        actor: { __typename: "Bot", login: "countersign" },
      });
      expect(res.data.repository.pullRequest.labels.nodes).toEqual([{ name: "ai-assisted" }]);
      expect(res.data.repository.pullRequest.head.nodes[0].commit.checkSuites.nodes).toEqual([]);
    });

    it("answers the look-ups: PRs of a commit, the merge queue, open PRs by base", async () => {
      gh.addPullRequest(repo, { number: 8, author: "erin", state: "CLOSED" });
      const nine = gh.addPullRequest(repo, { number: 9, author: "erin", body: "nine" });
      gh.setMergeQueue(repo, "main", [{ number: 9 }, { number: 7, headOid: "a".repeat(40) }]);

      const byCommit = await gql(gh, token, doc("CountersignPullsForCommit"), {
        owner: "acme",
        repo: "api",
        oid: pr.commits[0],
      });
      expect(byCommit.errors).toBeUndefined();
      expect(byCommit.data.repository.object.associatedPullRequests.nodes).toEqual([
        { number: 7, state: "OPEN", headRefOid: pr.headOid, body: pr.body },
      ]);

      const run = gh.createCheckRun(repo, {
        name: "countersign",
        head_sha: pr.headOid,
        status: "completed",
        conclusion: "failure",
      });
      const queue = await gql(gh, token, doc("CountersignMergeQueue"), {
        owner: "acme",
        repo: "api",
        branch: "main",
        headSha: pr.headOid,
        appId: APP_ID,
      });
      expect(queue.data.repository.groupHead.checkSuites.nodes).toEqual([
        {
          checkRuns: {
            nodes: [
              {
                databaseId: run.id,
                name: "countersign",
                startedAt: run.started_at,
                text: null,
                conclusion: "FAILURE",
              },
            ],
          },
        },
      ]);
      expect(queue.data.repository.mergeQueue.entries.nodes).toEqual([
        { position: 1, headCommit: { oid: nine.headOid }, pullRequest: { number: 9 } },
        { position: 2, headCommit: { oid: "a".repeat(40) }, pullRequest: { number: 7 } },
      ]);
      const none = await gql(gh, token, doc("CountersignMergeQueue"), {
        owner: "acme",
        repo: "api",
        branch: "dev",
        headSha: pr.headOid,
      });
      expect(none.data.repository.mergeQueue).toBeNull();

      const open = await gql(gh, token, doc("CountersignOpenPulls"), {
        owner: "acme",
        repo: "api",
        base: "main",
      });
      expect(open.data.repository.pullRequests).toEqual({
        pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
        nodes: [
          { number: 7, body: pr.body },
          { number: 9, body: "nine" },
        ],
      });
    });

    it("pages a PR with 250 commits and 3,000 files through the snapshot and its page query", async () => {
      const big = gh.addPullRequest(repo, {
        number: 100,
        author: "carol",
        commits: Array.from({ length: 250 }, (_, i) => ({ message: `commit ${i}` })),
        files: Array.from({ length: 3000 }, (_, i) => ({
          path: `src/f${String(i).padStart(4, "0")}.ts`,
        })),
      });
      const vars = { owner: "acme", repo: "api", number: 100 };
      const first = await gql(gh, token, doc("CountersignSnapshot"), {
        ...vars,
        appId: APP_ID,
        withOrg: false,
      });
      expect(first.errors).toBeUndefined();
      let commits = first.data.repository.pullRequest.commits;
      let files = first.data.repository.pullRequest.files;
      expect(commits.totalCount).toBe(250);
      expect(files.totalCount).toBe(3000);
      expect(first.data.repository.pullRequest.changedFiles).toBe(3000);
      const messages: string[] = commits.nodes.map((n: Any) => n.commit.message);
      const paths: string[] = files.nodes.map((n: Any) => n.path);
      let pages = 1;
      while (commits.pageInfo.hasNextPage || files.pageInfo.hasNextPage) {
        const withCommits = commits.pageInfo.hasNextPage;
        const withFiles = files.pageInfo.hasNextPage;
        const res = await gql(gh, token, doc("CountersignSnapshotPage"), {
          ...vars,
          withCommits,
          withFiles,
          commitsAfter: commits.pageInfo.endCursor,
          filesAfter: files.pageInfo.endCursor,
        });
        expect(res.errors).toBeUndefined();
        pages++;
        const page = res.data.repository.pullRequest;
        expect(page.reviews).toBeUndefined();
        if (withCommits) {
          commits = page.commits;
          messages.push(...commits.nodes.map((n: Any) => n.commit.message));
        }
        if (withFiles) {
          files = page.files;
          paths.push(...files.nodes.map((n: Any) => n.path));
        }
      }
      expect(pages).toBe(30);
      expect(messages).toEqual(Array.from({ length: 250 }, (_, i) => `commit ${i}`));
      expect(new Set(paths).size).toBe(3000);
      expect(paths.at(-1)).toBe("src/f2999.ts");
      expect(big.commits).toHaveLength(250);
    });

    it("refuses connections without first/last or over 100, as GitHub does", async () => {
      const q = (args: string) =>
        `query { repository(owner: "acme", name: "api") { pullRequest(number: 7) { commits${args} { totalCount } } } }`;
      const missing = await gql(gh, token, q(""));
      expect(missing).toEqual({
        errors: [
          expect.objectContaining({
            type: "MISSING_PAGINATION_BOUNDARIES",
            message:
              "You must provide a `first` or `last` value to properly paginate the `commits` connection.",
          }),
        ],
      });
      const excessive = await gql(gh, token, q("(first: 101)"));
      expect(excessive.data).toBeUndefined();
      expect(excessive.errors?.[0]).toMatchObject({
        type: "EXCESSIVE_PAGINATION",
        message:
          "Requesting 101 records on the `commits` connection exceeds the `first` limit of 100 records.",
      });
    });

    it("answers an invalid document with errors only", async () => {
      const res = await gql(gh, token, 'query { repository(owner: "acme", name: "api") { nope } }');
      expect(res.data).toBeUndefined();
      expect(res.errors?.[0].message).toMatch(/Cannot query field "nope" on type "Repository"/);
    });

    it("cuts Blob.text at 512,000 bytes, and REST git/blobs gives the whole file", async () => {
      const big = `* @acme/core\n${"# padding\n".repeat(60_000)}`;
      gh.setFile(repo, "main", ".github/CODEOWNERS", big);
      const res = await gql(
        gh,
        token,
        `query { repository(owner: "acme", name: "api") { object(expression: "main:.github/CODEOWNERS") { ... on Blob { oid text isTruncated byteSize } } } }`,
      );
      const blob = res.data.repository.object;
      expect(blob).toMatchObject({ isTruncated: true, byteSize: big.length });
      expect(blob.text).toBe(big.slice(0, 512_000));
      const rest = await call(gh, "GET", `/api/v3/repos/acme/api/git/blobs/${blob.oid}`, { token });
      expect(rest.json).toMatchObject({ sha: blob.oid, size: big.length, encoding: "base64" });
      expect(Buffer.from(rest.json.content, "base64").toString("utf8")).toBe(big);
    });

    it("gives a binary blob no text, and lets any installation read a public repository", async () => {
      gh.setFile(repo, "main", "logo.png", "\u0089PNG\r\n\u001a\n\u0000\u0000");
      const res = await gql(
        gh,
        token,
        `query { repository(owner: "acme", name: "api") { object(expression: "main:logo.png") { ... on Blob { text isBinary isTruncated byteSize } } } }`,
      );
      expect(res.data.repository.object).toEqual({
        text: null,
        isBinary: true,
        isTruncated: false,
        byteSize: 11,
      });
      gh.addRepo({ owner: "rival-pub", name: "open", isPrivate: false });
      gh.addRepo({ owner: "rival-pub", name: "closed" });
      const owner = `query($name: String!) { repository(owner: "rival-pub", name: $name) { owner { id } } }`;
      const open = await gql(gh, token, owner, { name: "open" });
      expect(open.data.repository.owner.id).toEqual(expect.any(String));
      const closed = await gql(gh, token, owner, { name: "closed" });
      expect(closed.data.repository).toBeNull();
      expect(closed.errors?.[0].type).toBe("NOT_FOUND");
    });

    it("fails the next matching operation on demand", async () => {
      gh.failNext({ operationName: "CountersignOpenPulls" }, 200, {
        errors: [{ message: "Something went wrong" }],
      });
      const vars = { owner: "acme", repo: "api", base: "main" };
      expect(await gql(gh, token, doc("CountersignOpenPulls"), vars)).toEqual({
        errors: [{ message: "Something went wrong" }],
      });
      expect((await gql(gh, token, doc("CountersignOpenPulls"), vars)).errors).toBeUndefined();
      expect(gh.graphqlCalls("CountersignOpenPulls").map((r) => r.status)).toEqual([200, 200]);
    });
  });

  describe("REST", () => {
    it("exchanges a verified JWT for an installation token, and refuses a bad one", async () => {
      const jwt = jwtFor(keys.privateKey, APP_ID);
      const path = `/api/v3/app/installations/${repo.installationId}/access_tokens`;
      const res = await call(gh, "POST", path, { headers: { authorization: `bearer ${jwt}` } });
      expect(res.status).toBe(201);
      expect(res.json).toMatchObject({
        token: expect.stringMatching(/^ghs_/),
        expires_at: expect.any(String),
        repository_selection: "all",
        permissions: expect.objectContaining({ checks: "write" }),
      });
      const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const bad = await call(gh, "POST", path, {
        headers: { authorization: `bearer ${jwtFor(other.privateKey, APP_ID)}` },
      });
      expect(bad.status).toBe(401);
      const app = await call(gh, "GET", "/api/v3/app", {
        headers: { authorization: `bearer ${jwt}` },
      });
      expect(app.json).toMatchObject({ id: APP_ID, slug: "countersign" });
      const viaToken = await call(gh, "GET", "/api/v3/repos/acme/api/pulls/7", {
        token: res.json.token,
      });
      expect(viaToken.status).toBe(200);
      expect(gh.requests.at(-1)?.installationId).toBe(repo.installationId);
      expect(gh.writes()).toEqual([]);
    });

    it("requires an installation token, and hides other installations' repositories", async () => {
      expect((await call(gh, "GET", "/api/v3/repos/acme/api/pulls/7")).status).toBe(401);
      expect(
        (await call(gh, "GET", "/api/v3/repos/acme/api/pulls/7", { token: "ghs_nope" })).status,
      ).toBe(401);
      const stranger = gh.issueToken(repo.installationId + 1).token;
      expect(
        (await call(gh, "GET", "/api/v3/repos/acme/api/pulls/7", { token: stranger })).status,
      ).toBe(404);
    });

    it("creates check runs, updates them in place, lists them by ref", async () => {
      const created = await call(gh, "POST", "/api/v3/repos/acme/api/check-runs", {
        token,
        body: {
          name: "countersign",
          head_sha: pr.headOid,
          status: "in_progress",
          output: { title: "Evaluating", summary: "…" },
        },
      });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({
        name: "countersign",
        head_sha: pr.headOid,
        status: "in_progress",
        conclusion: null,
        app: { id: APP_ID, slug: "countersign" },
        pull_requests: [expect.objectContaining({ number: 7 })],
      });
      const startedAt = created.json.started_at;
      expect(Date.parse(startedAt)).toBeGreaterThan(Date.now() - 5000);
      gh.advanceTime(60_000);
      const patched = await call(
        gh,
        "PATCH",
        `/api/v3/repos/acme/api/check-runs/${created.json.id}`,
        {
          token,
          body: {
            conclusion: "failure",
            output: { title: "Needs 1 more approval", summary: "table", text: "detail" },
          },
        },
      );
      expect(patched.status).toBe(200);
      const [run] = gh.appCheckRuns(repo, pr.headOid);
      expect(gh.checkRuns(repo)).toHaveLength(1);
      expect(run).toMatchObject({
        id: created.json.id,
        status: "completed",
        conclusion: "failure",
        started_at: startedAt,
        output: { title: "Needs 1 more approval", summary: "table", text: "detail" },
        app: { id: APP_ID },
      });
      await call(gh, "PATCH", `/api/v3/repos/acme/api/check-runs/${created.json.id}`, {
        token,
        body: { details_url: "x" },
      });
      expect(run?.output.title).toBe("Needs 1 more approval");

      const listed = await call(
        gh,
        "GET",
        "/api/v3/repos/acme/api/commits/feature-7/check-runs?check_name=countersign",
        {
          token,
        },
      );
      expect(listed.json).toMatchObject({ total_count: 1, check_runs: [{ id: created.json.id }] });

      const unknown = await call(gh, "POST", "/api/v3/repos/acme/api/check-runs", {
        token,
        body: { name: "countersign", head_sha: "f".repeat(40) },
      });
      expect(unknown.status).toBe(422);
      const tooBig = await call(gh, "POST", "/api/v3/repos/acme/api/check-runs", {
        token,
        body: {
          name: "countersign",
          head_sha: pr.headOid,
          output: { title: "t", summary: "✅".repeat(21_846) },
        },
      });
      expect(tooBig.status).toBe(422);
      expect(gh.writes().map((w) => [w.method, w.status])).toEqual([
        ["POST", 201],
        ["PATCH", 200],
        ["PATCH", 200],
        ["POST", 422],
        ["POST", 422],
      ]);
    });

    it("reads and writes labels, recording the app's label events", async () => {
      expect(
        (await call(gh, "GET", "/api/v3/repos/acme/api/labels/needs%20review", { token })).status,
      ).toBe(404);
      const created = await call(gh, "POST", "/api/v3/repos/acme/api/labels", {
        token,
        body: { name: "needs review", color: "f29513" },
      });
      expect(created.status).toBe(201);
      expect(
        (await call(gh, "GET", "/api/v3/repos/acme/api/labels/needs%20review", { token })).json,
      ).toMatchObject({
        name: "needs review",
        color: "f29513",
      });
      expect(
        (
          await call(gh, "POST", "/api/v3/repos/acme/api/labels", {
            token,
            body: { name: "Needs Review" },
          })
        ).status,
      ).toBe(422);

      const added = await call(gh, "POST", "/api/v3/repos/acme/api/issues/7/labels", {
        token,
        body: { labels: ["ai-assisted"] },
      });
      expect(added.json.map((l: Any) => l.name)).toEqual(["ai-assisted"]);
      expect(gh.labels(pr)).toEqual(["ai-assisted"]);
      expect(gh.timeline(pr).at(-1)).toMatchObject({
        kind: "LabeledEvent",
        label: "ai-assisted",
        actor: { login: "countersign[bot]", type: "Bot" },
      });
      const removed = await call(
        gh,
        "DELETE",
        "/api/v3/repos/acme/api/issues/7/labels/ai-assisted",
        { token },
      );
      expect(removed.status).toBe(200);
      expect(gh.timeline(pr).at(-1)).toMatchObject({
        kind: "UnlabeledEvent",
        actor: { login: "countersign[bot]" },
      });
      expect(
        (await call(gh, "DELETE", "/api/v3/repos/acme/api/issues/7/labels/ai-assisted", { token }))
          .status,
      ).toBe(404);
    });

    it("posts comments as the app's bot, lists them, and reacts", async () => {
      const posted = await call(gh, "POST", "/api/v3/repos/acme/api/issues/7/comments", {
        token,
        body: { body: "Refused." },
      });
      expect(posted.status).toBe(201);
      expect(posted.json.user).toMatchObject({ login: "countersign[bot]", type: "Bot" });
      expect(gh.appComments(pr).map((c) => c.body)).toEqual(["Refused."]);
      const listed = await call(gh, "GET", "/api/v3/repos/acme/api/issues/7/comments", { token });
      expect(listed.json.map((c: Any) => c.body)).toEqual([
        "/countersign override hotfix",
        "Refused.",
      ]);

      const commentId = pr.comments[0]!.databaseId;
      const path = `/api/v3/repos/acme/api/issues/comments/${commentId}/reactions`;
      expect((await call(gh, "POST", path, { token, body: { content: "+1" } })).status).toBe(201);
      expect((await call(gh, "POST", path, { token, body: { content: "+1" } })).status).toBe(200);
      expect((await call(gh, "POST", path, { token, body: { content: "thumbs" } })).status).toBe(
        422,
      );
      expect(gh.reactions(commentId).map((r) => [r.content, r.user.login])).toEqual([
        ["+1", "countersign[bot]"],
      ]);

      gh.editComment(commentId, "/countersign override changed");
      const edited = gh.comments(pr)[0]!;
      expect(edited.lastEditedAt).not.toBeNull();
      gh.deleteComment(commentId);
      expect(gh.comments(pr).map((c) => c.body)).toEqual(["Refused."]);
    });

    it("answers permissions, team members page by page, user search and custom properties", async () => {
      const perm = (login: string) =>
        call(gh, "GET", `/api/v3/repos/acme/api/collaborators/${login}/permission`, { token });
      expect((await perm("alice")).json).toMatchObject({
        permission: "write",
        role_name: "write",
        user: { login: "alice" },
      });
      expect((await perm("nobody")).json).toMatchObject({
        permission: "none",
        user: { login: "nobody" },
      });
      gh.setPermission(repo, "mia", "maintain");
      expect((await perm("mia")).json).toMatchObject({
        permission: "write",
        role_name: "maintain",
      });

      gh.addTeam("acme", "core", ["u1", "u2", "u3", "u4", "u5"]);
      const page1 = await call(gh, "GET", "/api/v3/orgs/acme/teams/core/members?per_page=2", {
        token,
      });
      expect(page1.json.map((u: Any) => u.login)).toEqual(["u1", "u2"]);
      const next = /<([^>]+)>; rel="next"/.exec(page1.headers.get("link") ?? "")?.[1];
      expect(next).toBe(`${gh.url}/api/v3/orgs/acme/teams/core/members?per_page=2&page=2`);
      expect(page1.headers.get("link")).toContain('page=3>; rel="last"');
      const page3 = await call(
        gh,
        "GET",
        "/api/v3/orgs/acme/teams/core/members?per_page=2&page=3",
        { token },
      );
      expect(page3.json.map((u: Any) => u.login)).toEqual(["u5"]);
      expect(page3.headers.get("link")).not.toContain('rel="next"');
      expect(
        (await call(gh, "GET", "/api/v3/orgs/acme/teams/ghosts/members", { token })).status,
      ).toBe(404);

      gh.addUser("hidden", { email: "hidden@acme.dev", emailPublic: false });
      const search = (q: string) =>
        call(gh, "GET", `/api/v3/search/users?q=${encodeURIComponent(q)}`, { token });
      expect((await search("alice@acme.dev in:email")).json).toMatchObject({
        total_count: 1,
        items: [{ login: "alice" }],
      });
      expect((await search("hidden@acme.dev in:email")).json).toMatchObject({
        total_count: 0,
        items: [],
      });
      const profile = async (login: string) =>
        (await call(gh, "GET", `/api/v3/users/${login}`, { token })).json;
      expect(await profile("alice")).toMatchObject({ login: "alice", email: "alice@acme.dev" });
      expect(await profile("hidden")).toMatchObject({ login: "hidden", email: null });
      expect((await call(gh, "GET", "/api/v3/users/nobody-here", { token })).status).toBe(404);

      expect(
        (await call(gh, "GET", "/api/v3/repos/acme/api/properties/values", { token })).json,
      ).toEqual([{ property_name: "criticality", value: "critical" }]);
    });

    it("lists a PR and its files page by page, renames with previous_filename, at most 3,000", async () => {
      const got = await call(gh, "GET", "/api/v3/repos/acme/api/pulls/7", { token });
      expect(got.json).toMatchObject({
        number: 7,
        state: "open",
        draft: false,
        user: { login: "carol", type: "User" },
        head: { ref: "feature-7", sha: pr.headOid },
        base: { ref: "main", sha: gh.branchOid(repo, "main") },
        changed_files: 3,
      });
      gh.addPullRequest(repo, {
        number: 11,
        author: "carol",
        files: [
          { path: "new/name.ts", previousPath: "old/name.ts" },
          { path: "gone.ts", changeType: "DELETED" },
          ...Array.from({ length: 3100 }, (_, i) => ({ path: `f${i}` })),
        ],
      });
      const first = await call(gh, "GET", "/api/v3/repos/acme/api/pulls/11/files?per_page=100", {
        token,
      });
      expect(first.json).toHaveLength(100);
      expect(first.json[0]).toMatchObject({
        filename: "new/name.ts",
        status: "renamed",
        previous_filename: "old/name.ts",
      });
      expect(first.json[1]).toMatchObject({ filename: "gone.ts", status: "removed" });
      expect(first.json[2].previous_filename).toBeUndefined();
      expect(first.headers.get("link")).toContain('page=30>; rel="last"');
      const beyond = await call(
        gh,
        "GET",
        "/api/v3/repos/acme/api/pulls/11/files?per_page=100&page=31",
        { token },
      );
      expect(beyond.json).toEqual([]);
    });

    it("records every request with a unique request id; unknown routes are 404", async () => {
      const a = await call(gh, "GET", "/api/v3/repos/acme/api/branches", { token });
      const b = await call(gh, "GET", "/api/v3/repos/acme/api/pulls/7", { token });
      expect(a.status).toBe(404);
      expect(a.json).toMatchObject({ message: "Not Found" });
      expect(a.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(a.headers.get("x-github-request-id")).not.toBe(b.headers.get("x-github-request-id"));
      expect(gh.restCalls("GET").map((r) => [r.path, r.status])).toEqual([
        ["/api/v3/repos/acme/api/branches", 404],
        ["/api/v3/repos/acme/api/pulls/7", 200],
      ]);
      gh.clearRequests();
      expect(gh.requests).toEqual([]);
    });

    it("fails the next matching request on demand, then recovers", async () => {
      gh.failNext({ method: "POST", pathRegex: /\/check-runs$/ }, 502);
      const body = { name: "countersign", head_sha: pr.headOid };
      const failed = await call(gh, "POST", "/api/v3/repos/acme/api/check-runs", { token, body });
      expect(failed.status).toBe(502);
      expect(gh.checkRuns(repo)).toEqual([]);
      expect(
        (await call(gh, "POST", "/api/v3/repos/acme/api/check-runs", { token, body })).status,
      ).toBe(201);
      expect(gh.restCalls("POST", /check-runs/).map((r) => r.status)).toEqual([502, 201]);
    });
  });

  describe("model", () => {
    it("commits deterministically, pushes and updates branches as GitHub does", async () => {
      const tip = gh.branchOid(repo, "main");
      const next = gh.setFile(repo, "main", "README.md", "hi\n");
      expect(next).not.toBe(tip);
      expect(gh.commit(repo, next).parents).toEqual([tip]);
      expect(gh.fileAt(repo, "main", "README.md")).toBe("hi\n");
      expect(gh.fileAt(repo, tip, "README.md")).toBeNull();

      const pushed = gh.pushCommit(pr, {
        message: "More",
        files: { "services/checkout/c.ts": "c" },
      });
      expect(pr.headOid).toBe(pushed.oid);
      expect(gh.changedFiles(pr).map((f) => f.path)).toContain("services/checkout/c.ts");
      const merge = gh.updateBranch(pr);
      expect(merge).toMatchObject({ committedViaWeb: true, parents: [pushed.oid, next] });
      expect(gh.fileAt(repo, pr.headOid, "README.md")).toBe("hi\n");
      expect(gh.changedFiles(pr).map((f) => f.path)).not.toContain("README.md");

      const run = await gh
        .waitFor(() => gh.appCheckRuns(repo, pr.headOid)[0], { timeoutMs: 10 })
        .catch((e) => e);
      expect(run).toBeInstanceOf(Error);
    });
  });

  describe("through Octokit, as the app calls it", () => {
    it("authenticates as the app, then reads and writes with an installation token", async () => {
      const { Probot, ProbotOctokit } = await import("probot");
      const probot = new Probot({
        appId: APP_ID,
        privateKey: keys.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
        baseUrl: `${gh.url}/api/v3`,
        Octokit: ProbotOctokit.defaults({
          throttle: { enabled: false },
          retry: { enabled: false },
        }),
        logLevel: "fatal",
      });
      const appOctokit = await probot.auth();
      expect((await appOctokit.rest.apps.getAuthenticated()).data).toMatchObject({
        slug: "countersign",
      });
      const octokit = await probot.auth(repo.installationId);

      gh.addTeam(
        "acme",
        "many",
        Array.from({ length: 150 }, (_, i) => `m${i}`),
      );
      const members = await octokit.paginate(octokit.rest.teams.listMembersInOrg, {
        org: "acme",
        team_slug: "many",
        per_page: 100,
      });
      expect(members).toHaveLength(150);

      const err = (await octokit
        .graphql(doc("CountersignSnapshot"), {
          owner: "acme",
          repo: "api",
          number: 7,
          appId: APP_ID,
          checkName: CHECK_NAME,
        })
        .catch((e: unknown) => e)) as Any;
      expect(err.name).toBe("GraphqlResponseError");
      expect(err.data.repository.pullRequest.number).toBe(7);

      const { data } = await octokit.rest.checks.create({
        owner: "acme",
        repo: "api",
        name: "countersign",
        head_sha: pr.headOid,
        status: "completed",
        conclusion: "success",
        completed_at: new Date().toISOString(),
        output: { title: "OK", summary: "All met" },
      });
      expect(gh.appCheckRuns(repo, pr.headOid)).toMatchObject([
        { id: data.id, conclusion: "success" },
      ]);
      expect(
        gh
          .apiCalls()
          .every((r) => r.installationId === repo.installationId || r.path === "/api/v3/app"),
      ).toBe(true);
      expect(gh.graphqlCalls("CountersignSnapshot")).toHaveLength(1);
    });
  });

  describe("webhooks", () => {
    it("gives examples an installation", () => {
      const payload = examplePayload("pull_request", "opened");
      expect(payload["installation"]).toMatchObject({
        id: expect.any(Number),
        node_id: expect.any(String),
      });
      expect(examplePayload("pull_request", "edited")["action"]).toBe("edited");
    });

    it("builds payloads from the model", () => {
      const opened = payloadFor(gh, "pull_request", "opened", repo, 7) as Any;
      expect(opened).toMatchObject({
        action: "opened",
        number: 7,
        pull_request: {
          number: 7,
          body: pr.body,
          draft: false,
          state: "open",
          user: { login: "carol" },
          head: { sha: pr.headOid, ref: "feature-7" },
          base: { ref: "main", sha: gh.branchOid(repo, "main") },
        },
        repository: { full_name: "acme/api", custom_properties: { criticality: "critical" } },
        installation: { id: repo.installationId },
        sender: { login: "carol" },
      });

      const unlabeled = payloadFor(gh, "pull_request", "unlabeled", repo, 7) as Any;
      expect(unlabeled).toMatchObject({
        label: { name: "ai-assisted" },
        sender: { login: "alice" },
      });

      const review = payloadFor(gh, "pull_request_review", "submitted", repo, 7) as Any;
      expect(review.review).toMatchObject({
        state: "approved",
        user: { login: "bob" },
        commit_id: pr.headOid,
      });

      const commentId = gh.addComment(pr, { author: "alice", body: "/countersign recheck" });
      const comment = payloadFor(gh, "issue_comment", "created", repo, 7) as Any;
      expect(comment).toMatchObject({
        issue: { number: 7, pull_request: expect.any(Object) },
        comment: { id: commentId, body: "/countersign recheck", user: { login: "alice" } },
        sender: { login: "alice" },
      });
      gh.deleteComment(commentId);
      expect(payloadFor(gh, "issue_comment", "deleted", repo, 7, { commentId })).toMatchObject({
        comment: { id: commentId },
      });

      const run = gh.createCheckRun(repo, { name: "countersign", head_sha: pr.headOid });
      const rerun = payloadFor(gh, "check_run", "rerequested", repo, 7) as Any;
      expect(rerun.check_run).toMatchObject({
        id: run.id,
        head_sha: pr.headOid,
        app: { id: APP_ID },
        pull_requests: [{ number: 7, head: { sha: pr.headOid } }],
      });
      const suite = payloadFor(gh, "check_suite", "rerequested", repo, 7) as Any;
      expect(suite.check_suite).toMatchObject({ head_sha: pr.headOid, app: { id: APP_ID } });

      const group = payloadFor(gh, "merge_group", "checks_requested", repo, 7) as Any;
      expect(group.merge_group.head_ref).toBe(
        `refs/heads/gh-readonly-queue/main/pr-7-${pr.headOid}`,
      );
      expect(group.merge_group.base_ref).toBe("refs/heads/main");
      expect(repo.commits.has(group.merge_group.head_sha)).toBe(true);
      expect(gh.fileAt(repo, group.merge_group.head_sha, "services/checkout/b.ts")).toBe(
        "export const b = 1;\n",
      );

      const tip = gh.setFiles(repo, "main", {
        ".github/CODEOWNERS": "* @acme/core\n",
        "docs/new.md": "x",
      });
      const push = payloadFor(gh, "push", undefined, repo, null) as Any;
      expect(push).toMatchObject({ ref: "refs/heads/main", after: tip });
      expect(push.commits).toEqual([
        expect.objectContaining({
          id: tip,
          added: ["docs/new.md"],
          modified: [".github/CODEOWNERS"],
          removed: [],
        }),
      ]);

      const membership = payloadFor(gh, "membership", "removed", repo, null, {
        team: "payments",
        member: "bob",
      }) as Any;
      expect(membership).toMatchObject({
        scope: "team",
        team: { slug: "payments" },
        member: { login: "bob" },
        organization: { login: "acme" },
      });
      expect(membership.repository).toBeUndefined();

      expect(
        payloadFor(gh, "pull_request", "edited", repo, 7, {
          override: { pull_request: { title: "X" } },
        }),
      ).toMatchObject({
        pull_request: { title: "X", number: 7 },
      });
    });

    it("signs and sends a delivery", async () => {
      let received: { headers: Record<string, unknown>; body: string } | undefined;
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          received = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
          res.writeHead(202).end("ok");
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const payload = payloadFor(gh, "pull_request", "synchronize", repo, 7);
        const res = await sendWebhook(`http://127.0.0.1:${port}/api/github/webhooks`, {
          event: "pull_request",
          payload,
          secret: "s3cret",
          deliveryId: "d-1",
        });
        expect(res).toEqual({ status: 202, body: "ok" });
        expect(received?.headers).toMatchObject({
          "x-github-event": "pull_request",
          "x-github-delivery": "d-1",
          "content-type": "application/json",
        });
        expect(JSON.parse(received!.body)).toMatchObject({
          action: "synchronize",
          after: pr.headOid,
        });
        expect(
          await verify("s3cret", received!.body, String(received!.headers["x-hub-signature-256"])),
        ).toBe(true);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });
});

describe("connection()", () => {
  const items = Array.from({ length: 10 }, (_, i) => i);
  it("pages forwards and backwards with opaque cursors", () => {
    const a = connection(items, { first: 4 }, "things");
    expect(a.nodes).toEqual([0, 1, 2, 3]);
    expect(a.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const b = connection(items, { first: 4, after: a.pageInfo.endCursor }, "things");
    expect(b.nodes).toEqual([4, 5, 6, 7]);
    const last = connection(items, { last: 3 }, "things");
    expect(last.nodes).toEqual([7, 8, 9]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = connection(items, { last: 2, before: last.pageInfo.startCursor }, "things");
    expect(before.nodes).toEqual([5, 6]);
    expect(before.edges.map((e) => e.cursor)).toEqual([b.edges[1]?.cursor, b.edges[2]?.cursor]);
    expect(connection(items, { first: 5, after: last.pageInfo.endCursor }, "things").nodes).toEqual(
      [],
    );
    expect(a.totalCount).toBe(10);
  });
});
