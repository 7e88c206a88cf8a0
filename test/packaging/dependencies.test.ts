/**
 * No dead dependencies, and nothing the packed command needs at run time left
 * in devDependencies (an `npm install <tarball>` installs only `dependencies`).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** True when a package.json script runs one of the package's commands (`probot run`, `biome check`). */
function runByScript(name: string): boolean {
  const meta = JSON.parse(readFileSync(join("node_modules", name, "package.json"), "utf8")) as {
    bin?: string | Record<string, string>;
  };
  const bins =
    typeof meta.bin === "string" ? [name.split("/").pop() as string] : Object.keys(meta.bin ?? {});
  return Object.values(pkg.scripts).some((script) =>
    bins.some((bin) => new RegExp(`(^|[\\s&|;])${bin}(\\s|$)`).test(script)),
  );
}

/** Dev dependencies used only by work on other branches, each with its reason. */
const RESERVED: Record<string, string> = {
  nock: "the HTTP client tests of the availability work (issue #11) intercept fetch with it",
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mjs|js)$/.test(name) ? [path] : [];
  });
}
const read = (paths: string[]) => paths.map((p) => ({ path: p, text: readFileSync(p, "utf8") }));
const SRC = read(files("src"));
const REST = read([...files("test"), ...files("scripts"), ...files("bench"), "jest.config.js"]);

/** Package names a file imports at run time (type-only imports are erased by tsc). */
function runtimeImports(text: string): Set<string> {
  const names = new Set<string>();
  const re =
    /(?:^|\n)\s*(?:import|export)\s+(?!type\s)[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = (m[1] ?? m[2]) as string;
    if (spec.startsWith(".") || spec.startsWith("node:")) continue;
    const parts = spec.split("/");
    names.add(spec.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string));
  }
  return names;
}
const mentions = (text: string, name: string) =>
  text.includes(`"${name}"`) || text.includes(`"${name}/`) || text.includes(` ${name} `);

describe("package.json dependencies", () => {
  it("every runtime dependency is imported by src/", () => {
    const unused = Object.keys(pkg.dependencies).filter(
      (name) => !SRC.some((f) => runtimeImports(f.text).has(name)) && !runByScript(name),
    );
    expect(unused).toEqual([]);
  });

  it("everything src/ imports at run time is a runtime dependency", () => {
    const missing = SRC.flatMap((f) =>
      [...runtimeImports(f.text)]
        .filter((name) => !(name in pkg.dependencies))
        .map((name) => `${f.path}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it("every dev dependency is used by the tests, scripts, bench or tooling", () => {
    const all = [...SRC, ...REST];
    const used = (name: string): boolean => {
      // @types/x is used when x is (@types/node: Node itself).
      if (name.startsWith("@types/")) {
        const typed = name.slice("@types/".length);
        return typed === "node" || used(typed);
      }
      if (runByScript(name)) return true; // biome, tsc, jest, tsx
      return all.some((f) => mentions(f.text, name) || runtimeImports(f.text).has(name));
    };
    const unused = Object.keys(pkg.devDependencies).filter((n) => !(n in RESERVED) && !used(n));
    expect(unused).toEqual([]);
  });

  it("reserved dev dependencies are still installed (or the reservation is stale)", () => {
    for (const name of Object.keys(RESERVED)) expect(pkg.devDependencies[name]).toBeDefined();
  });
});
