/**
 * The GraphQL documents the app sends, as it sends them: one per operation
 * in `src/github/queries/*.graphql`, followed by the fragments of
 * `fragments.graphql` that it uses (directly or through other fragments),
 * each kept as written.
 */
import { readdirSync, readFileSync } from "node:fs";
import { type DefinitionNode, Kind, parse, visit } from "graphql";

const QUERIES = new URL("../../src/github/queries/", import.meta.url);

export interface GraphQLDocument {
  /** The operation's name, e.g. `CountersignSnapshot`. */
  name: string;
  /** The file it comes from, e.g. `snapshot.graphql`. */
  file: string;
  source: string;
}

function textOf(source: string, def: DefinitionNode): string {
  return def.loc ? source.slice(def.loc.start, def.loc.end) : "";
}

function spreadNames(def: DefinitionNode): Set<string> {
  const names = new Set<string>();
  visit(def, { FragmentSpread: (node) => void names.add(node.name.value) });
  return names;
}

export function loadDocuments(): GraphQLDocument[] {
  const fragmentsSource = readFileSync(new URL("fragments.graphql", QUERIES), "utf8");
  const fragments = new Map<string, DefinitionNode>();
  for (const def of parse(fragmentsSource).definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const files = readdirSync(QUERIES)
    .filter((f) => f.endsWith(".graphql") && f !== "fragments.graphql")
    .sort();
  const documents: GraphQLDocument[] = [];
  for (const file of files) {
    const source = readFileSync(new URL(file, QUERIES), "utf8");
    for (const def of parse(source).definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION) continue;
      const used = new Set<string>();
      const pending = [...spreadNames(def)];
      while (pending.length) {
        const name = pending.pop()!;
        const fragment = fragments.get(name);
        if (used.has(name) || !fragment) continue;
        used.add(name);
        pending.push(...spreadNames(fragment));
      }
      const parts = [textOf(source, def)];
      // Fragments in the order fragments.graphql defines them.
      for (const [name, fragment] of fragments)
        if (used.has(name)) parts.push(textOf(fragmentsSource, fragment));
      documents.push({ name: def.name?.value ?? file, file, source: `${parts.join("\n\n")}\n` });
    }
  }
  return documents;
}
