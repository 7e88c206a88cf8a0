/**
 * Discovery (`countersign scan --unknown`, issue 12): identities and trailer
 * keys in a range of commits that look like AI tools but are neither in the
 * catalog nor in the `ai` config, with the config lines that would count
 * them. So an organisation's catalog can grow without a release. Pure: data
 * in, findings out. Every check is a look-up or a single scan of the text.
 */
import type { CommitInfo } from "../model/snapshot.js";
import { NOT_EVIDENCE } from "./catalog.js";
import { identityHit, parseIdentity } from "./detect.js";
import { namedEntry } from "./disclosure.js";
import { type AiConfig, BUILTIN, type Layer, layersFor } from "./matchers.js";
import { parseTrailers } from "./trailers.js";

export type FindingKind = "bot" | "trailer" | "model";

/** The `ai:` list a finding would go in, and the entry that would count it. */
export interface ConfigLine {
  key: "bots" | "co_authors" | "trailers";
  value: string;
}

export interface Finding {
  kind: FindingKind;
  /** What was seen: `acme-coder[bot]`, `Foo-Session`, `(gpt-4o)`. */
  value: string;
  /** Where it was seen: "commit author", "committer", "co-author", "trailer". */
  seenAs: string[];
  /** Commits carrying it. */
  commits: number;
  /** Full SHA of the first (newest) commit carrying it. */
  example: string;
  config: ConfigLine;
}

/** Trailer key endings tools use for their own keys (`Amp-Thread-ID`, `Agent-Logs-Url`, `Copilot-Session`). */
const TOOL_KEY_ENDINGS = ["-session", "-thread-id", "-generated-by", "-logs-url"];

/** `ID+LOGIN[bot]@users.noreply.github.com` or the legacy form without the id. */
const BOT_NOREPLY = /^(?:\d+\+)?([a-z0-9][a-z0-9-]*\[bot\])@users\.noreply\.github\.com$/i;
const BOT_NAME = /^[a-z0-9][a-z0-9-]*\[bot\]$/i;
/** A model identifier: one token of letters, digits and `.:/_-` ("gpt-4o", "anthropic/claude-3-7-sonnet"). */
const MODEL_TOKEN = /^[a-z][\w.:/-]*$/i;

const notEvidence = new Set(NOT_EVIDENCE.map((n) => n.value.toLowerCase()));

interface Identity {
  name: string;
  email: string;
  login?: string | null;
}

class Tally {
  private readonly byKey = new Map<string, Finding & { seen: Set<string> }>();

  add(
    key: string,
    make: () => Omit<Finding, "commits" | "example" | "seenAs">,
    oid: string,
    seenAs: string,
  ): void {
    let f = this.byKey.get(key);
    if (!f) {
      f = { ...make(), seenAs: [], commits: 0, example: oid, seen: new Set() };
      this.byKey.set(key, f);
    }
    if (!f.seenAs.includes(seenAs)) f.seenAs.push(seenAs);
    if (!f.seen.has(oid)) {
      f.seen.add(oid);
      f.commits += 1;
    }
  }

  list(): Finding[] {
    const order: Record<FindingKind, number> = { bot: 0, trailer: 1, model: 2 };
    return [...this.byKey.values()]
      .map(({ seen: _seen, ...f }) => f)
      .sort(
        (a, b) =>
          order[a.kind] - order[b.kind] || b.commits - a.commits || a.value.localeCompare(b.value),
      );
  }
}

/**
 * The layers that say "known": the catalog always (even with `ai.builtin:
 * false`, a catalogued tool is not unknown), then the config's own.
 */
function knownLayers(ai: AiConfig): Layer[] {
  return ai.builtin ? layersFor(ai) : [BUILTIN, ...layersFor(ai)];
}

/** Whether detection already counts this identity where it was seen. */
function known(layers: Layer[], id: Identity, coAuthor: boolean): boolean {
  if (identityHit(layers, id)) return true;
  const name = id.name.trim();
  const lower = name.toLowerCase();
  return layers.some((l) =>
    coAuthor
      ? l.coAuthorNames.some((n) => n.re.test(name))
      : l.nameSuffixes.some((s) => lower.endsWith(s.suffix)),
  );
}

function knownKey(layers: Layer[], key: string): boolean {
  return layers.some(
    (l) =>
      l.toolTrailers.has(key) ||
      l.disclosures.has(key) ||
      l.toolTrailerPrefixes.some((p) => key.startsWith(p.prefix)),
  );
}

/** The bot login an identity names: its noreply address, else a `name[bot]` name. */
function botLogin(id: Identity): { login: string; noreply: boolean } | null {
  const m = BOT_NOREPLY.exec(id.email.trim());
  if (m) return { login: m[1]!, noreply: true };
  const name = id.name.trim();
  return BOT_NAME.test(name) ? { login: name, noreply: false } : null;
}

/** `Jane Doe (gpt-4o)` → `gpt-4o`: a model-looking token in parentheses ending the name. */
export function modelInName(name: string): string | null {
  const n = name.trim();
  if (!n.endsWith(")")) return null;
  const open = n.lastIndexOf(" (");
  if (open <= 0) return null;
  const token = n.slice(open + 2, -1);
  if (!MODEL_TOKEN.test(token)) return null;
  return /\d/.test(token) || namedEntry(token) ? token : null;
}

function identityFindings(
  tally: Tally,
  layers: Layer[],
  id: Identity,
  seenAs: string,
  oid: string,
): void {
  if (!id.email && !id.name) return;
  const coAuthor = seenAs === "co-author";
  if (notEvidence.has(id.email.trim().toLowerCase()) || known(layers, id, coAuthor)) return;
  const bot = botLogin(id);
  if (bot) {
    if (notEvidence.has(bot.login.toLowerCase())) return;
    const config: ConfigLine = bot.noreply
      ? { key: "bots", value: bot.login }
      : { key: "co_authors", value: id.email.trim() };
    tally.add(
      `bot\0${bot.login.toLowerCase()}`,
      () => ({ kind: "bot", value: bot.login, config }),
      oid,
      seenAs,
    );
    return;
  }
  const model = modelInName(id.name);
  if (model) {
    tally.add(
      `model\0${model.toLowerCase()}`,
      () => ({
        kind: "model",
        value: `(${model})`,
        config: { key: "co_authors", value: `* (${model}) <*@*>` },
      }),
      oid,
      seenAs,
    );
  }
}

/** Uncatalogued, unconfigured things in `commits` that look like AI tools, most frequent first per kind. */
export function discoverUnknown(commits: CommitInfo[], ai: AiConfig): Finding[] {
  const layers = knownLayers(ai);
  const tally = new Tally();
  for (const c of commits) {
    identityFindings(tally, layers, c.author, "commit author", c.oid);
    identityFindings(tally, layers, c.committer, "committer", c.oid);
    for (const t of parseTrailers(c.message)) {
      const key = t.key.toLowerCase();
      if (key === "co-authored-by") {
        const id = parseIdentity(t.value);
        if (id) identityFindings(tally, layers, id, "co-author", c.oid);
        continue;
      }
      if (!TOOL_KEY_ENDINGS.some((e) => key.length > e.length && key.endsWith(e))) continue;
      if (knownKey(layers, key)) continue;
      tally.add(
        `trailer\0${key}`,
        () => ({ kind: "trailer", value: t.key, config: { key: "trailers", value: t.key } }),
        c.oid,
        "trailer",
      );
    }
  }
  return tally.list();
}

/** The `ai:` YAML that would count these findings, each list de-duplicated, in config order. */
export function configLines(findings: Finding[]): string {
  const lists: Record<ConfigLine["key"], string[]> = { bots: [], co_authors: [], trailers: [] };
  for (const f of findings) {
    const list = lists[f.config.key];
    if (!list.includes(f.config.value)) list.push(f.config.value);
  }
  const out = ["ai:"];
  for (const key of ["bots", "co_authors", "trailers"] as const) {
    if (lists[key].length === 0) continue;
    out.push(`  ${key}:`);
    // JSON strings are YAML double-quoted scalars: `[bot]`, `*` and `<` stay literal.
    for (const v of lists[key]) out.push(`    - ${JSON.stringify(v)}`);
  }
  return `${out.join("\n")}\n`;
}
