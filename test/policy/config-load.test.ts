import { defaultConfig, REVIEW_POLICY_SERVICE } from "../../src/model/config-schema.js";
import type { BlobFile, ConfigFiles, ExtendedFile } from "../../src/model/snapshot.js";
import { parseExtends } from "../../src/policy/config-extends.js";
import {
  defaultLoaded,
  extendsToFetch,
  type LoadContext,
  loadConfig,
  mergeConfig,
} from "../../src/policy/config-load.js";

const BASE = "acme/api:.github/countersign.yml@main";
const HEAD = "acme/api:.github/countersign.yml@feature";
const ORG = "acme/.github:.github/countersign.yml@main";

function blob(source: string, text: string): BlobFile {
  return { source, path: source.split(":")[1]!.split("@")[0]!, oid: source, text };
}

function files(partial: Partial<ConfigFiles>): ConfigFiles {
  return { base: null, org: null, head: null, extended: {}, ...partial };
}

/** A file found at `owner/repo:path` (the key `ConfigFiles.extended` uses). */
function found(key: string, text: string): ExtendedFile {
  return { status: "found", file: blob(`${key}@main`, text) };
}

/** The targets still to fetch, as `owner/repo:path`. */
function toFetch(all: ConfigFiles, context: LoadContext): string[] {
  return extendsToFetch(all, context).map((t) => `${t.owner}/${t.repo}:${t.path}`);
}

const SHARED = "acme/shared:.github/countersign.yml";

const ctx: LoadContext = {
  owner: "acme",
  repo: "api",
  baseRef: "main",
  changedPaths: ["src/index.ts"],
};
const touchingConfig: LoadContext = {
  ...ctx,
  changedPaths: ["src/index.ts", ".github/countersign.yml"],
};

describe("defaults", () => {
  it("are exactly SPEC §2's block, with no services", () => {
    const config = defaultConfig();
    expect(config).toEqual({
      mode: "enforce",
      ai: {
        label: "ai-assisted",
        builtin: true,
        bots: [],
        co_authors: [],
        trailers: [],
        markers: [],
      },
      services: [],
      repository_tags_property: "criticality",
      rules: [
        {
          name: "critical-services",
          if: { services_tagged: ["critical"] },
          require: { approvals: 2, from: "code_owners", design_doc: true },
        },
        {
          name: "ai-assisted",
          if: { ai_assisted: true },
          require: { approvals: 1, from: "code_owners", design_doc: false },
        },
      ],
      design_doc: { paths: ["docs/design/**", "**/*.design.md", "adr/**"], urls: [] },
      approvals: { dismiss_on_push: true, block_on_changes_requested: true },
      overrides: { allowed: [], require_reason: true, approvals_needed: 1 },
    });
    expect(REVIEW_POLICY_SERVICE.tags).toEqual(["critical"]);
  });

  it("apply when no file exists anywhere", () => {
    expect(loadConfig(files({}), ctx)).toEqual({
      config: defaultConfig(),
      source: "defaults",
      errors: [],
    });
    expect(defaultLoaded().source).toBe("defaults");
  });
});

describe("mergeConfig", () => {
  it("merges maps key by key and replaces arrays and scalars", () => {
    const base = {
      mode: "report",
      ai: { label: "ai", bots: ["a[bot]", "b[bot]"] },
      design_doc: { paths: ["x/**"] },
    };
    const over = {
      ai: { bots: ["c[bot]"] },
      design_doc: { urls: ["https://d/**"] },
      mode: "enforce",
    };
    expect(mergeConfig(base, over)).toEqual({
      mode: "enforce",
      ai: { label: "ai", bots: ["c[bot]"] },
      design_doc: { paths: ["x/**"], urls: ["https://d/**"] },
    });
  });

  it("replaces a map with a scalar and keeps a __proto__ key as plain data", () => {
    const over = JSON.parse('{"ai": null, "__proto__": {"polluted": true}}') as Record<
      string,
      unknown
    >;
    const merged = mergeConfig({ ai: { label: "x" } }, over);
    expect(merged["ai"]).toBeNull();
    expect(Object.keys(merged)).toContain("__proto__");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});

describe("parseExtends", () => {
  it.each([
    ["shared", { owner: "acme", repo: "shared", path: ".github/countersign.yml" }],
    ["other/shared", { owner: "other", repo: "shared", path: ".github/countersign.yml" }],
    ["shared:policies/strict.yml", { owner: "acme", repo: "shared", path: "policies/strict.yml" }],
    [".github:policy.yaml", { owner: "acme", repo: ".github", path: "policy.yaml" }],
    [
      "other/shared:policies/strict.yml",
      { owner: "other", repo: "shared", path: "policies/strict.yml" },
    ],
  ])("reads %s", (value, expected) => {
    expect(parseExtends(value, "acme")).toEqual(expected);
  });

  it.each(["", "a/b/c", "shared:policy.json", "-bad/repo", "shared repo"])(
    "rejects %j",
    (value) => {
      expect(parseExtends(value, "acme")).toBeNull();
    },
  );
});

describe("loadConfig", () => {
  it("uses the base branch's file", () => {
    const loaded = loadConfig(
      files({ base: blob(BASE, "mode: report\n"), org: blob(ORG, "mode: enforce\n") }),
      ctx,
    );
    expect(loaded).toEqual({
      config: { ...defaultConfig(), mode: "report" },
      source: BASE,
      errors: [],
    });
  });

  it("falls back to the organisation's .github repository", () => {
    const loaded = loadConfig(files({ org: blob(ORG, "ai:\n  label: robot\n") }), ctx);
    expect(loaded.source).toBe(ORG);
    expect(loaded.errors).toEqual([]);
    expect(loaded.config.ai.label).toBe("robot");
  });

  it("merges the file over what it extends, replacing arrays, and asks for each hop in turn", () => {
    const base = blob(BASE, "_extends: shared\nai:\n  bots: ['c[bot]']\n");
    expect(toFetch(files({ base }), ctx)).toEqual([SHARED]);
    const shared = found(
      SHARED,
      "_extends: deeper\nmode: report\nai:\n  label: robot\n  bots: ['a[bot]', 'b[bot]']\n",
    );
    const partial = files({ base, extended: { [SHARED]: shared } });
    expect(toFetch(partial, ctx)).toEqual(["acme/deeper:.github/countersign.yml"]);
    const deeper = found(
      "acme/deeper:.github/countersign.yml",
      "design_doc:\n  urls: ['https://d/**']\n",
    );
    const all = files({
      base,
      extended: { [SHARED]: shared, "acme/deeper:.github/countersign.yml": deeper },
    });
    expect(toFetch(all, ctx)).toEqual([]);
    const loaded = loadConfig(all, ctx);
    expect(loaded.errors).toEqual([]);
    expect(loaded.source).toBe(`${BASE} (extends ${SHARED} → _extends)`);
    expect(loaded.config.mode).toBe("report");
    expect(loaded.config.ai).toMatchObject({ label: "robot", bots: ["c[bot]"] });
    expect(loaded.config.design_doc.urls).toEqual(["https://d/**"]);
  });

  it("points an error in the extended file at that file, by line and schema path only", () => {
    const loaded = loadConfig(
      files({
        base: blob(BASE, "_extends: shared\n"),
        extended: { [SHARED]: found(SHARED, "ai:\n  labell: robot\n  bots: oops\n") },
      }),
      ctx,
    );
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.errors).toEqual([
      { file: SHARED, path: "ai", line: 2, message: "unknown key at line 2" },
      { file: SHARED, path: "ai.bots", line: 3, message: "expected a list" },
    ]);
  });

  it("reports an _extends that names a missing file, and still checks the file itself", () => {
    const base = blob(BASE, "mode: report\n_extends: other/gone:policy.yml\nai:\n  lable: x\n");
    const loaded = loadConfig(
      files({ base, extended: { "other/gone:policy.yml": { status: "missing" } } }),
      ctx,
    );
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.errors).toEqual([
      {
        file: BASE,
        path: "_extends",
        line: 2,
        message:
          "`_extends: other/gone:policy.yml` names a file that does not exist or is not readable (other/gone:policy.yml)",
      },
      { file: BASE, path: "ai.lable", line: 4, message: "unknown key (did you mean label?)" },
    ]);
  });

  it("reports a syntax error in the extended file against that file, without quoting it", () => {
    const loaded = loadConfig(
      files({
        base: blob(BASE, "_extends: shared\n"),
        extended: { [SHARED]: found(SHARED, "mode: report\nai: [s3cr3t-value\n") },
      }),
      ctx,
    );
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.errors).toEqual([
      expect.objectContaining({ file: SHARED, path: "", line: expect.any(Number) }),
    ]);
    expect(JSON.stringify(loaded.errors)).not.toContain("s3cr3t");
  });

  it("reports a malformed _extends and does not ask for it", () => {
    const base = blob(BASE, "_extends: not a repo\n");
    const loaded = loadConfig(files({ base }), ctx);
    expect(loaded.errors).toEqual([
      {
        file: BASE,
        path: "_extends",
        line: 1,
        message:
          '`_extends: not a repo` is not a repository reference: use "repo", "owner/repo", "repo:path.yml" or "owner/repo:path.yml"',
      },
    ]);
    expect(toFetch(files({ base }), ctx)).toEqual([]);
  });

  it("rejects an _extends that is not a string through the schema", () => {
    const loaded = loadConfig(files({ base: blob(BASE, "_extends: [a, b]\n") }), ctx);
    expect(loaded.errors).toEqual([
      { file: BASE, path: "_extends", line: 1, message: "expected a string, got a list" },
    ]);
  });

  it("on an invalid base file, judges by the defaults and lists the errors", () => {
    const loaded = loadConfig(
      files({
        base: blob(BASE, "mode: report\nrules:\n  - name: x\n    require: { approvals: '2' }\n"),
      }),
      ctx,
    );
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.source).toBe(BASE);
    expect(loaded.errors).toEqual([
      {
        file: BASE,
        path: "rules.0.require.approvals",
        line: 4,
        message: 'expected a number, got "2"',
      },
    ]);
  });
});

describe("loadConfig with the PR's own .github/countersign.yml", () => {
  const validBase = blob(BASE, "mode: enforce\n");
  const invalidBase = blob(BASE, "ai:\n  labell: x\n");

  it("judges by the base file and ignores the head file when the PR does not change it", () => {
    const loaded = loadConfig(files({ base: validBase, head: blob(HEAD, "nonsense: 1\n") }), ctx);
    expect(loaded.errors).toEqual([]);
  });

  it("fails a PR that introduces an invalid file, naming the head file", () => {
    const head = blob(
      HEAD,
      'mode: enforce\nrules:\n  - name: strict\n    require:\n      approvals: "2"\n',
    );
    const loaded = loadConfig(files({ head }), touchingConfig);
    expect(loaded.source).toBe("defaults");
    expect(loaded.errors).toEqual([
      {
        file: HEAD,
        path: "rules.0.require.approvals",
        line: 5,
        message: 'expected a number, got "2"',
      },
    ]);
  });

  it("keeps the base file's rules but lists the head file's errors when base is valid and head is not", () => {
    const base = blob(BASE, "mode: report\n");
    const loaded = loadConfig(files({ base, head: blob(HEAD, "mode: reprot\n") }), touchingConfig);
    expect(loaded.config.mode).toBe("report");
    expect(loaded.source).toBe(BASE);
    expect(loaded.errors).toEqual([
      {
        file: HEAD,
        path: "mode",
        line: 1,
        message: 'expected enforce or report, got "reprot" (did you mean report?)',
      },
    ]);
  });

  it("judges a PR that repairs an invalid base file by the defaults, with no errors", () => {
    const loaded = loadConfig(
      files({ base: invalidBase, head: blob(HEAD, "ai:\n  label: x\n") }),
      touchingConfig,
    );
    expect(loaded).toEqual({
      config: defaultConfig(),
      source: "defaults (the base branch's file is invalid; this PR repairs it)",
      errors: [],
    });
  });

  it("lists both files' errors when the PR's replacement is invalid too", () => {
    const loaded = loadConfig(
      files({ base: invalidBase, head: blob(HEAD, "ai:\n  lable: x\n") }),
      touchingConfig,
    );
    expect(loaded.errors.map((e) => `${e.file} ${e.path}`)).toEqual([
      `${BASE} ai.labell`,
      `${HEAD} ai.lable`,
    ]);
  });

  it("treats deleting an invalid base file as a repair, and deleting a valid one as nothing to check", () => {
    expect(loadConfig(files({ base: invalidBase, head: null }), touchingConfig)).toEqual({
      config: defaultConfig(),
      source: "defaults (the base branch's file is invalid; this PR deletes it)",
      errors: [],
    });
    expect(loadConfig(files({ base: validBase, head: null }), touchingConfig)).toEqual({
      config: defaultConfig(),
      source: BASE,
      errors: [],
    });
  });

  it("lets a repo file repair an invalid organisation file", () => {
    const loaded = loadConfig(
      files({ org: blob(ORG, "mode: 3\n"), head: blob(HEAD, "") }),
      touchingConfig,
    );
    expect(loaded.source).toBe(
      "defaults (the organisation's file is invalid; this PR adds a valid one)",
    );
    expect(loaded.errors).toEqual([]);
  });

  it("resolves the head file's _extends through files.extended, like the base's", () => {
    const STRICT = "acme/strict:.github/countersign.yml";
    const unfetched = files({
      base: blob(BASE, "_extends: strict\n"),
      head: blob(HEAD, "_extends: shared\n"),
    });
    expect(toFetch(unfetched, touchingConfig)).toEqual([STRICT, SHARED]);
    expect(toFetch(unfetched, ctx)).toEqual([STRICT]);
    const all = {
      ...unfetched,
      extended: {
        [SHARED]: found(SHARED, "ai:\n  bots: oops\n"),
        [STRICT]: found(STRICT, "mode: report\n"),
      },
    };
    const loaded = loadConfig(all, touchingConfig);
    expect(loaded.config.mode).toBe("report");
    expect(loaded.errors).toEqual([
      { file: SHARED, path: "ai.bots", line: 2, message: "expected a list" },
    ]);
  });

  it("reports a YAML syntax error in the head file with its line", () => {
    const loaded = loadConfig(
      files({ base: validBase, head: blob(HEAD, "mode: [enforce\n") }),
      touchingConfig,
    );
    expect(loaded.errors).toEqual([
      expect.objectContaining({ file: HEAD, path: "", line: expect.any(Number) }),
    ]);
    expect(loaded.errors[0]?.message).toMatch(/^YAML syntax error: /);
  });
});

describe("_extends chains (SPEC §2)", () => {
  const OTHER = "other-org/secrets:token.yml";
  const chain = (n: number) => `acme/p${n}:.github/countersign.yml`;

  /** Every error of loading `head` (the PR's own file) with `extended` fetched. */
  function headErrors(head: string, extended: Record<string, ExtendedFile>) {
    return loadConfig(files({ head: blob(HEAD, head), extended }), touchingConfig).errors;
  }

  it("refuses a repository of another owner, naming only what the PR's own file says", () => {
    const errors = headErrors(`mode: report\n_extends: ${OTHER}\n`, {
      [OTHER]: { status: "other-owner" },
    });
    expect(errors).toEqual([
      {
        file: HEAD,
        path: "_extends",
        line: 2,
        message: `\`_extends: ${OTHER}\` names a repository of another owner (${OTHER}): \`_extends\` is followed only to repositories of acme`,
      },
    ]);
  });

  it("never quotes a same-owner file that is not configuration", () => {
    const errors = headErrors("_extends: vault:deploy.yml\n", {
      "acme/vault:deploy.yml": found("acme/vault:deploy.yml", "ghp_S3CR3TT0K3N\n"),
    });
    expect(errors).toEqual([
      {
        file: "acme/vault:deploy.yml",
        path: "",
        line: 1,
        message: "the file must be a map of keys (mode:, ai:, rules:, …)",
      },
    ]);
  });

  it("gives unknown keys and bad values of an extended file by line and schema path only", () => {
    const text =
      "aws_secret_access_key: AKIAS3CR3T\nai:\n  github_token: ghp_T0K3N\nmode: hunter2\nrules:\n  - name: x\n    require: { approvals: 'pa55word' }\n";
    const errors = headErrors("_extends: vault:prod.yml\n", {
      "acme/vault:prod.yml": found("acme/vault:prod.yml", text),
    });
    expect(errors).toEqual([
      { file: "acme/vault:prod.yml", path: "", line: 1, message: "unknown key at line 1" },
      { file: "acme/vault:prod.yml", path: "ai", line: 3, message: "unknown key at line 3" },
      { file: "acme/vault:prod.yml", path: "mode", line: 4, message: "expected enforce or report" },
      {
        file: "acme/vault:prod.yml",
        path: "rules.0.require.approvals",
        line: 7,
        message: "expected a number",
      },
    ]);
    const shown = JSON.stringify(errors);
    for (const secret of ["aws_secret", "AKIA", "github_token", "ghp_", "hunter2", "pa55word"]) {
      expect(shown).not.toContain(secret);
    }
  });

  it("does not quote the value of a malformed or missing _extends inside an extended file", () => {
    const malformed = headErrors("_extends: p1\n", {
      [chain(1)]: found(chain(1), "_extends: 'project zebra launch'\n"),
    });
    expect(malformed).toEqual([
      {
        file: chain(1),
        path: "_extends",
        line: 1,
        message:
          '`_extends` is not a repository reference: use "repo", "owner/repo", "repo:path.yml" or "owner/repo:path.yml"',
      },
    ]);
    const missing = headErrors("_extends: p1\n", {
      [chain(1)]: found(chain(1), "_extends: zebra-acquisition\n"),
      "acme/zebra-acquisition:.github/countersign.yml": { status: "missing" },
    });
    expect(missing).toEqual([
      {
        file: chain(1),
        path: "_extends",
        line: 1,
        message: "`_extends` names a file that does not exist or is not readable",
      },
    ]);
    expect(JSON.stringify([malformed, missing])).not.toMatch(/zebra/);
  });

  it("refuses another owner at a later hop too, without naming it", () => {
    const errors = headErrors("_extends: p1\n", {
      [chain(1)]: found(chain(1), "_extends: rival/plans\n"),
      "rival/plans:.github/countersign.yml": { status: "other-owner" },
    });
    expect(errors).toEqual([
      {
        file: chain(1),
        path: "_extends",
        line: 1,
        message:
          "`_extends` names a repository of another owner: `_extends` is followed only to repositories of acme",
      },
    ]);
  });

  it("labels a file at hop 2 or deeper by the chain, not by the name read from a redacted file", () => {
    const errors = headErrors("_extends: p1\n", {
      [chain(1)]: found(chain(1), "_extends: secret-merger-plans\n"),
      "acme/secret-merger-plans:.github/countersign.yml": found(
        "acme/secret-merger-plans:.github/countersign.yml",
        "mode: 3\n",
      ),
    });
    expect(errors).toEqual([
      {
        file: `${chain(1)} → _extends`,
        path: "mode",
        line: 1,
        message: "expected enforce or report",
      },
    ]);
  });

  it("reports a cycle at the file that closes it", () => {
    const extended = {
      [chain(1)]: found(chain(1), "_extends: p2\n"),
      [chain(2)]: found(chain(2), "_extends: ACME/P1\n"),
    };
    expect(
      toFetch(files({ head: blob(HEAD, "_extends: p1\n"), extended }), touchingConfig),
    ).toEqual([]);
    expect(headErrors("_extends: p1\n", extended)).toEqual([
      {
        file: `${chain(1)} → _extends`,
        path: "_extends",
        line: 1,
        message: `\`_extends\` leads back to ${chain(1)}: a cycle`,
      },
    ]);
  });

  it("follows 5 hops and refuses a sixth, without fetching it", () => {
    const extended: Record<string, ExtendedFile> = {};
    for (let n = 1; n <= 6; n++) extended[chain(n)] = found(chain(n), `_extends: p${n + 1}\n`);
    const fiveHops = { ...extended, [chain(5)]: found(chain(5), "mode: report\n") };
    const ok = loadConfig(files({ base: blob(BASE, "_extends: p1\n"), extended: fiveHops }), ctx);
    expect(ok.errors).toEqual([]);
    expect(ok.config.mode).toBe("report");
    expect(ok.source).toBe(
      `${BASE} (extends ${chain(1)} → _extends → _extends → _extends → _extends)`,
    );
    const six = files({ base: blob(BASE, "_extends: p1\n"), extended });
    expect(toFetch(six, ctx)).toEqual([]);
    expect(loadConfig(six, ctx).errors).toEqual([
      {
        file: `${chain(1)} → _extends → _extends → _extends → _extends`,
        path: "_extends",
        line: 1,
        message: "`_extends` would be hop 6: Countersign follows at most 5 `_extends` hops",
      },
    ]);
  });

  it("treats a chain whose file was never fetched as an error, never as absent", () => {
    const loaded = loadConfig(files({ base: blob(BASE, "_extends: shared\nmode: report\n") }), ctx);
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.errors).toEqual([
      expect.objectContaining({
        file: BASE,
        path: "_extends",
        message: expect.stringContaining("not read"),
      }),
    ]);
  });
});

describe("policy files GitHub cannot give as text", () => {
  const binary: BlobFile = {
    ...blob(HEAD, ""),
    unreadable: { why: "binary", byteSize: 2048 },
  };
  const huge: BlobFile = {
    ...blob(BASE, ""),
    unreadable: { why: "too-large", byteSize: 600_000 },
  };

  it("fails a PR that replaces the policy file with a binary one", () => {
    const loaded = loadConfig(
      files({ base: blob(BASE, "mode: enforce\n"), head: binary }),
      touchingConfig,
    );
    expect(loaded.errors).toEqual([
      {
        file: HEAD,
        path: "",
        message:
          "the file is not text (GitHub reports its 2,048 bytes as binary), so it cannot be read as configuration",
      },
    ]);
  });

  it("treats a base file over 512,000 bytes as invalid, not as absent", () => {
    const loaded = loadConfig(files({ base: huge, org: blob(ORG, "mode: report\n") }), ctx);
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.source).toBe(BASE);
    expect(loaded.errors).toEqual([
      {
        file: BASE,
        path: "",
        message:
          "the file is larger than 512,000 bytes (600,000 bytes): GitHub's API returns only the first 512,000, so Countersign cannot read it whole",
      },
    ]);
  });

  it("treats an unreadable extended file as an error of that file", () => {
    const loaded = loadConfig(
      files({
        base: blob(BASE, "_extends: shared\n"),
        extended: {
          [SHARED]: {
            status: "found",
            file: { ...blob(`${SHARED}@main`, ""), unreadable: { why: "binary", byteSize: 9 } },
          },
        },
      }),
      ctx,
    );
    expect(loaded.errors).toEqual([
      expect.objectContaining({
        file: SHARED,
        path: "",
        message: expect.stringContaining("not text"),
      }),
    ]);
  });
});

describe("redaction when the data's file is uncertain", () => {
  it("does not quote keys reached through a YAML alias in an extended file, even where the PR's file reaches as deep", () => {
    const vault = "acme/vault:aliases.yml";
    const errors = loadConfig(
      files({
        head: blob(HEAD, "_extends: vault:aliases.yml\nai:\n  label: mine\n"),
        extended: {
          [vault]: found(vault, "x: &hidden\n  sk_live_51Hs3cr3t: 1\nai: *hidden\n"),
        },
      }),
      touchingConfig,
    ).errors;
    expect(JSON.stringify(errors)).not.toContain("sk_live");
    expect(errors).toContainEqual(
      expect.objectContaining({ path: "ai", message: expect.stringMatching(/^unknown key/) }),
    );
  });
});
