/**
 * docs/deploy.md's table names every environment variable the code reads
 * (src/ and Probot), so an operator never meets an undocumented one.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : name.endsWith(".ts") ? [path] : [];
  });
}

const DOC = readFileSync("docs/deploy.md", "utf8");
const documented = new Set([...DOC.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));

describe("docs/deploy.md's environment table", () => {
  it("names every variable src/ reads", () => {
    const read = new Set<string>();
    for (const file of files("src")) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]*)|\benv\[\s*"([A-Z][A-Z0-9_]*)"\s*\]/g))
        read.add((m[1] ?? m[2]) as string);
    }
    expect(read.size).toBeGreaterThan(5);
    expect([...read].filter((v) => !documented.has(v)).sort()).toEqual([]);
  });

  it("names every variable Probot documents", () => {
    const dts = readFileSync("node_modules/probot/lib/index.d.ts", "utf8");
    const env = dts.slice(dts.indexOf("interface ProcessEnv"));
    const probot = [...env.matchAll(/^\s+([A-Z][A-Z0-9_]*)\?:/gm)].map((m) => m[1] as string);
    expect(probot).toEqual(expect.arrayContaining(["APP_ID", "WEBHOOK_SECRET", "REDIS_URL"]));
    expect(probot.filter((v) => !documented.has(v)).sort()).toEqual([]);
  });

  it("marks variables not implemented yet as planned, and gives each row a meaning", () => {
    for (const name of ["COUNTERSIGN_EVAL_BUDGET_MS", "METRICS_PORT"]) {
      const row = DOC.split("\n").find((l) => l.startsWith(`| \`${name}\` |`)) ?? "";
      const implemented = files("src").some((f) => readFileSync(f, "utf8").includes(name));
      expect(row.includes("*Planned*")).toBe(!implemented);
    }
    for (const row of DOC.split("\n").filter((l) => /^\| `[A-Z]/.test(l))) {
      const cells = row.split(" | ");
      expect(cells).toHaveLength(3);
      expect((cells[2] ?? "").length).toBeGreaterThan(15);
    }
  });
});
