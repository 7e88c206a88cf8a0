/**
 * The README and docs/ link to files that exist, and to headings that exist
 * in them, so a newcomer following them never hits a dead end.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

const DOCS = [
  "README.md",
  ...readdirSync("docs")
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    out.add(
      (m[1] as string)
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    );
  }
  return out;
}

describe("links in the docs", () => {
  it.each(DOCS)("%s links only to files and headings that exist", (doc) => {
    const text = readFileSync(doc, "utf8").replace(/```[\s\S]*?```/g, "");
    const broken: string[] = [];
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1] as string;
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const [file, anchor] = target.split("#") as [string, string | undefined];
      const path = file ? normalize(join(dirname(doc), file)) : doc;
      if (!existsSync(path)) {
        broken.push(target);
        continue;
      }
      if (anchor && path.endsWith(".md") && !anchors(readFileSync(path, "utf8")).has(anchor)) {
        broken.push(target);
      }
    }
    expect(broken).toEqual([]);
  });

  it("the README tells operators that more than one replica needs REDIS_URL", () => {
    expect(readFileSync("README.md", "utf8")).toMatch(/More than one replica needs `REDIS_URL`/);
  });
});
