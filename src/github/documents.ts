/**
 * The GraphQL documents the app sends, kept as `.graphql` files beside this
 * module (copied next to the compiled JS by the build). Each operation is
 * sent with exactly the fragments it uses, as GitHub rejects unused ones.
 */
import { readFileSync } from "node:fs";

const read = (name: string) =>
  readFileSync(new URL(`./queries/${name}.graphql`, import.meta.url), "utf8");

const FRAGMENTS = splitDefinitions(read("fragments"), "fragment");

function splitDefinitions(source: string, keyword: "fragment" | "query"): Map<string, string> {
  const defs = new Map<string, string>();
  const starts = [...source.matchAll(new RegExp(`^${keyword} (\\w+)`, "gm"))];
  starts.forEach((m, i) => {
    const end = starts[i + 1]?.index ?? source.length;
    defs.set(m[1]!, source.slice(m.index, end).trim());
  });
  return defs;
}

/** The operation text plus every fragment it spreads, transitively. */
function withFragments(operation: string): string {
  const used = new Set<string>();
  const pending = [operation];
  while (pending.length > 0) {
    for (const m of pending.pop()!.matchAll(/\.\.\.(\w+)/g)) {
      const name = m[1]!;
      const fragment = FRAGMENTS.get(name);
      if (fragment && !used.has(name)) {
        used.add(name);
        pending.push(fragment);
      }
    }
  }
  return [operation, ...[...used].map((n) => FRAGMENTS.get(n)!)].join("\n\n");
}

function operations(file: string): Map<string, string> {
  const ops = splitDefinitions(read(file), "query");
  return new Map([...ops].map(([name, text]) => [name, withFragments(text)]));
}

const ALL = new Map([
  ...operations("snapshot"),
  ...operations("snapshot-page"),
  ...operations("lookups"),
  ...operations("heads"),
  ...operations("extends"),
]);

export type OperationName =
  | "CountersignSnapshot"
  | "CountersignSnapshotPage"
  | "CountersignPullsForCommit"
  | "CountersignMergeQueue"
  | "CountersignOpenPulls"
  | "CountersignPathsExist"
  | "CountersignExtendedFile"
  | "CountersignHeadCommit"
  | "CountersignOpenHeads"
  | "CountersignPolicyDependents";

export function document(name: OperationName): string {
  const doc = ALL.get(name);
  if (!doc) throw new Error(`GraphQL operation ${name} is not defined in src/github/queries`);
  return doc;
}

/** Every operation, for the schema-validation test. */
export function allDocuments(): { name: string; source: string }[] {
  return [...ALL].map(([name, source]) => ({ name, source }));
}
