import type { BlobFile } from "../../src/model/snapshot.js";
import { closest, editDistance } from "../../src/policy/config-messages.js";
import {
  MAX_ERRORS_PER_FILE,
  parseConfigFile,
  validateConfig,
} from "../../src/policy/config-parse.js";

function blob(text: string, source = "acme/api:.github/countersign.yml@main"): BlobFile {
  return { source, path: ".github/countersign.yml", oid: "0", text };
}

/** Parse then validate one file, as the loader does for a file without `_extends`. */
function check(text: string) {
  const file = blob(text);
  const parsed = parseConfigFile(file);
  if (!parsed.raw) return parsed.errors;
  return validateConfig(parsed.raw, [file]).errors;
}

describe("parseConfigFile", () => {
  it("reports a YAML syntax error with its line and a readable message", () => {
    const { raw, errors } = parseConfigFile(blob("mode: enforce\nai:\n  label: a: b\n"));
    expect(raw).toBeNull();
    expect(errors).toEqual([
      {
        file: "acme/api:.github/countersign.yml@main",
        path: "",
        line: 3,
        message: expect.stringMatching(
          /^YAML syntax error: Nested mappings are not allowed.*\(column \d+\)$/,
        ),
      },
    ]);
  });

  it("reports a duplicate key as a syntax error", () => {
    const { errors } = parseConfigFile(blob("mode: enforce\nmode: report\n"));
    expect(errors).toEqual([
      expect.objectContaining({ line: 2, message: expect.stringContaining("unique") }),
    ]);
  });

  it("reads an empty or comments-only file as {} (all defaults)", () => {
    expect(parseConfigFile(blob(""))).toEqual({ raw: {}, errors: [] });
    expect(parseConfigFile(blob("# nothing yet\n"))).toEqual({ raw: {}, errors: [] });
  });

  it("rejects a top level that is not a map", () => {
    const { raw, errors } = parseConfigFile(blob("- mode: enforce\n"));
    expect(raw).toBeNull();
    expect(errors).toEqual([
      {
        file: "acme/api:.github/countersign.yml@main",
        path: "",
        line: 1,
        message: "the file must be a map of keys (mode:, ai:, rules:, …), got a list",
      },
    ]);
  });

  it("reports an unresolved alias instead of throwing", () => {
    const { raw, errors } = parseConfigFile(blob("mode: *nowhere\n"));
    expect(raw).toBeNull();
    expect(errors[0]?.message).toMatch(/alias/i);
  });
});

describe("validateConfig", () => {
  it("accepts the empty file and fills in the defaults", () => {
    const { config, errors } = validateConfig({}, [blob("")]);
    expect(errors).toEqual([]);
    expect(config?.mode).toBe("enforce");
  });

  it("reports an unknown key by its full path, at its line, with a did-you-mean", () => {
    const errors = check("mode: enforce\nai:\n  labell: ai\n");
    expect(errors).toEqual([
      {
        file: "acme/api:.github/countersign.yml@main",
        path: "ai.labell",
        line: 3,
        message: "unknown key (did you mean label?)",
      },
    ]);
  });

  it("counts a transposition as one edit (lable → label) and lists the keys when nothing is close", () => {
    expect(check("ai:\n  lable: x\n")[0]?.message).toBe("unknown key (did you mean label?)");
    expect(check("ai:\n  colour: red\n")[0]?.message).toBe(
      "unknown key (allowed here: label, builtin, bots, co_authors, trailers, markers)",
    );
  });

  it("reports one error per unknown key, each with its own line", () => {
    const errors = check("ai:\n  labell: x\n  bots: []\n  trailer: []\n");
    expect(errors.map((e) => [e.path, e.line, e.message])).toEqual([
      ["ai.labell", 2, "unknown key (did you mean label?)"],
      ["ai.trailer", 4, "unknown key (did you mean trailers?)"],
    ]);
  });

  it("reports a quoted number at its dotted path, on the value's line", () => {
    const text = ["rules:", "  - name: strict", "    require:", '      approvals: "2"', ""].join(
      "\n",
    );
    expect(check(text)).toEqual([
      {
        file: "acme/api:.github/countersign.yml@main",
        path: "rules.0.require.approvals",
        line: 4,
        message: 'expected a number, got "2"',
      },
    ]);
  });

  it("reports several errors at once, in file order", () => {
    const text = [
      "mode: enfroce", // 1
      "ai:", // 2
      "  label: ''", // 3
      "  bots: agent[bot]", // 4
      "rules:", // 5
      "  - require: { approvals: 1.5, from: owners }", // 6
      "overrides:", // 7
      "  allowed: [alice]", // 8
      "  approvals_needed: 9", // 9
      "servics: []", // 10
    ].join("\n");
    expect(check(text).map((e) => `${e.line}: ${e.path}: ${e.message}`)).toEqual([
      '1: mode: expected enforce or report, got "enfroce" (did you mean enforce?)',
      "3: ai.label: must not be empty",
      '4: ai.bots: expected a list, got "agent[bot]"',
      "6: rules.0.name: required: expected a string",
      "6: rules.0.require.approvals: expected a whole number, got 1.5",
      '6: rules.0.require.from: expected code_owners, any or a list, got "owners"',
      '8: overrides.allowed.0: expected "@user" or "@org/team", got "alice"',
      "9: overrides.approvals_needed: must be at most 5, got 9",
      "10: servics: unknown key (did you mean services?)",
    ]);
  });

  it("points an empty value at its key", () => {
    expect(check("design_doc:\n")).toEqual([
      expect.objectContaining({
        path: "design_doc",
        line: 1,
        message: "expected a map of keys, got an empty value",
      }),
    ]);
  });

  it("names the file that supplied the bad value, most specific first", () => {
    const repo = blob("ai:\n  label: mine\n", "acme/api:.github/countersign.yml@main");
    const shared = blob(
      "# shared\nai:\n  bots: nope\n",
      "acme/.github:.github/countersign.yml@main",
    );
    const { errors } = validateConfig({ ai: { label: "mine", bots: "nope" } }, [repo, shared]);
    expect(errors).toEqual([
      {
        file: "acme/.github:.github/countersign.yml@main",
        path: "ai.bots",
        line: 3,
        message: 'expected a list, got "nope"',
      },
    ]);
  });
});

describe("closest", () => {
  it("suggests within edit distance 2, never for a short unrelated word", () => {
    expect(editDistance("lable", "label")).toBe(1);
    expect(closest("labell", ["label", "bots"])).toBe("label");
    expect(closest("x", ["ai"])).toBeUndefined();
    expect(closest("overides", ["overrides", "mode"])).toBe("overrides");
    expect(closest("something", ["label"])).toBeUndefined();
  });
});

describe("large files (issue #10)", () => {
  /** `n` distinct unknown top-level keys, one a line (32,000 are about 320 KB). */
  function unknownKeys(n: number): string {
    return Array.from({ length: n }, (_, i) => `k${String(i).padStart(5, "0")}: 1\n`).join("");
  }

  it("lists the first 50 of 32,000 unknown keys, then how many more", () => {
    const errors = check(unknownKeys(32_000));
    expect(errors).toHaveLength(MAX_ERRORS_PER_FILE + 1);
    expect(errors[0]).toEqual({
      file: "acme/api:.github/countersign.yml@main",
      path: "k00000",
      line: 1,
      message:
        "unknown key (allowed here: _extends, mode, ai, services, repository_tags_property, rules, design_doc, approvals, overrides)",
    });
    expect(errors[49]).toMatchObject({ path: "k00049", line: 50 });
    expect(errors[50]).toEqual({
      file: "acme/api:.github/countersign.yml@main",
      path: "",
      message: "and 31,950 more errors in this file",
    });
  });

  it("still finds a duplicate key among thousands, at its line", () => {
    const { raw, errors } = parseConfigFile(blob(`${unknownKeys(5_000)}k00042: 2\n`));
    expect(raw).toBeNull();
    expect(errors).toEqual([
      expect.objectContaining({ line: 5_001, message: expect.stringContaining("unique") }),
    ]);
  });

  it("gives no did-you-mean for a very long key, and still one for a near miss", () => {
    // YAML caps an implicit key at 1,024 characters; the search must not depend on it.
    const long = `lab${"e".repeat(1_000)}l: x\n`;
    expect(check(`ai:\n  ${long}`)[0]?.message).toMatch(/^unknown key \(allowed here: /);
    expect(closest("x".repeat(100_000), ["label"])).toBeUndefined();
    expect(closest("labl", ["label"])).toBe("label");
  });
});

describe("YAML aliases in a policy file", () => {
  const file = (text: string) => ({
    source: "acme/api:.github/countersign.yml@main",
    path: ".github/countersign.yml",
    oid: `alias-${text.length}-${text.slice(0, 20)}`,
    text,
  });

  it("an alias that refers to its own container is refused, not expanded (it took seconds per hundred)", () => {
    const bomb = `a: &a [${Array(400).fill("*a").join(",")}]\n`;
    const result = parseConfigFile(file(bomb));
    expect(result.raw).toBeNull();
    expect(result.errors[0]?.message).toMatch(/alias/);
  });

  it("past 100 aliases the file is refused; a few ordinary anchors still work", () => {
    const many = `x: &x 1\nai:\n  markers: [${Array(101).fill("*x").join(",")}]\n`;
    expect(parseConfigFile(file(many)).errors[0]?.message).toMatch(/more than 100 aliases/);
    const ok = 'mode: &m enforce\ndesign_doc:\n  paths: &p ["docs/**"]\n';
    expect(parseConfigFile(file(ok)).errors).toEqual([]);
  });
});
