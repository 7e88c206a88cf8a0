import {
  defaultLoaded,
  extendsTargets,
  type LoadContext,
  loadConfig,
  mergeConfig,
  parseExtends,
} from "../../src/policy/config-load.js";
import { defaultConfig, REVIEW_POLICY_SERVICE } from "../../src/policy/config-schema.js";
import type { BlobFile, ConfigFiles } from "../../src/policy/snapshot.js";

const BASE = "acme/api:.github/countersign.yml@main";
const HEAD = "acme/api:.github/countersign.yml@feature";
const ORG = "acme/.github:.github/countersign.yml@main";

function blob(source: string, text: string): BlobFile {
  return { source, path: source.split(":")[1]!.split("@")[0]!, oid: source, text };
}

function files(partial: Partial<ConfigFiles>): ConfigFiles {
  return { base: null, org: null, head: null, extended: {}, ...partial };
}

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

  it("merges the file over what it extends, replacing arrays, and ignores a second-level _extends", () => {
    const shared = blob(
      "acme/shared:.github/countersign.yml@main",
      "_extends: deeper\nmode: report\nai:\n  label: robot\n  bots: ['a[bot]', 'b[bot]']\n",
    );
    const base = blob(BASE, "_extends: shared\nai:\n  bots: ['c[bot]']\n");
    const loaded = loadConfig(files({ base, extended: { shared } }), ctx);
    expect(loaded.errors).toEqual([]);
    expect(loaded.source).toBe(`${BASE} (extends acme/shared:.github/countersign.yml@main)`);
    expect(loaded.config.mode).toBe("report");
    expect(loaded.config.ai).toMatchObject({ label: "robot", bots: ["c[bot]"] });
    expect(extendsTargets(files({ base, extended: { shared } }), ctx)).toEqual(["shared"]);
  });

  it("points an error in the extended file at that file", () => {
    const shared = blob("acme/shared:.github/countersign.yml@main", "ai:\n  labell: robot\n");
    const loaded = loadConfig(
      files({ base: blob(BASE, "_extends: shared\n"), extended: { shared } }),
      ctx,
    );
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.errors).toEqual([
      {
        file: "acme/shared:.github/countersign.yml@main",
        path: "ai.labell",
        line: 2,
        message: "unknown key (did you mean label?)",
      },
    ]);
  });

  it("reports an _extends that names a missing file, and still checks the file itself", () => {
    const base = blob(BASE, "mode: report\n_extends: other/gone:policy.yml\nai:\n  lable: x\n");
    const loaded = loadConfig(files({ base, extended: { "other/gone:policy.yml": null } }), ctx);
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

  it("reports a syntax error in the extended file against that file", () => {
    const shared = blob("acme/shared:.github/countersign.yml@main", "mode: report\nai: [\n");
    const loaded = loadConfig(
      files({ base: blob(BASE, "_extends: shared\n"), extended: { shared } }),
      ctx,
    );
    expect(loaded.config).toEqual(defaultConfig());
    expect(loaded.errors).toEqual([
      expect.objectContaining({ file: "acme/shared:.github/countersign.yml@main", path: "" }),
    ]);
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
    expect(extendsTargets(files({ base }), ctx)).toEqual([]);
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
    const shared = blob("acme/shared:.github/countersign.yml@main", "ai:\n  bots: oops\n");
    const strict = blob("acme/strict:.github/countersign.yml@main", "mode: report\n");
    const all = files({
      base: blob(BASE, "_extends: strict\n"),
      head: blob(HEAD, "_extends: shared\n"),
      extended: { shared, strict },
    });
    expect(extendsTargets(all, touchingConfig)).toEqual(["strict", "shared"]);
    expect(extendsTargets(all, ctx)).toEqual(["strict"]);
    const loaded = loadConfig(all, touchingConfig);
    expect(loaded.config.mode).toBe("report");
    expect(loaded.errors).toEqual([
      {
        file: "acme/shared:.github/countersign.yml@main",
        path: "ai.bots",
        line: 2,
        message: 'expected a list, got "oops"',
      },
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
