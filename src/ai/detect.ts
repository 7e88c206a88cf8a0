/**
 * AI evidence in a pull request (SPEC §3): who opened it, its head branch,
 * who wrote and committed each commit, its git-parsed trailer block, and
 * catalog or configured markers in the PR body and commit messages. Pure:
 * data in, evidence out.
 */

import type { Evidence, Signal } from "../model/evidence.js";
import type { Actor, CommitInfo } from "../model/snapshot.js";
import type { IdentityRole } from "./catalog.js";
import { isNegation, namedEntry, readAssistedBy } from "./disclosure.js";
import { type AiConfig, type Hit, type Layer, layersFor } from "./matchers.js";
import { parseTrailers, type Trailer } from "./trailers.js";

export interface PrInput {
  author: Actor | null;
  body: string;
  /** The PR's head branch name (`codex/fix-parser`), without `refs/heads/`. */
  headRef?: string | null;
}

/** An identity as a commit or a Co-authored-by trailer gives it. */
interface Identity {
  name: string;
  email: string;
  login?: string | null;
}

const MAX_MATCHED = 120;

/** Evidence text fit for one line of a check run. */
function short(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > MAX_MATCHED ? `${t.slice(0, MAX_MATCHED - 1)}…` : t;
}

/** Collects evidence once per tool + signal + matched text + commit. */
class Collector {
  readonly list: Evidence[] = [];
  private readonly seen = new Set<string>();

  add(hit: Hit, signal: Signal, matched: string, where: string, commit?: string): void {
    const text = short(matched);
    const key = `${hit.tool}\0${signal}\0${text}\0${commit ?? ""}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const e: Evidence = {
      tool: hit.tool,
      signal,
      matched: text,
      where,
      confidence: hit.confidence,
    };
    if (commit) e.commit = commit;
    if (hit.source) e.source = hit.source;
    this.list.push(e);
  }
}

interface Ctx {
  layers: Layer[];
  out: Collector;
}

export function detectEvidence(pr: PrInput, commits: CommitInfo[], ai: AiConfig): Evidence[] {
  const ctx: Ctx = { layers: layersFor(ai), out: new Collector() };
  if (pr.author) prAuthor(ctx, pr.author);
  if (pr.headRef) branch(ctx, pr.headRef);
  markers(ctx, pr.body, "PR body");
  for (const commit of commits) commitEvidence(ctx, commit);
  return ctx.out.list;
}

function first<T>(layers: Layer[], look: (layer: Layer) => T | undefined): T | undefined {
  for (const layer of layers) {
    const found = look(layer);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether an identity hit counts in `role` (AI reviewers only as co-authors, `vercel[bot]` only as commit author). */
function inRole(hit: Hit | undefined, role: IdentityRole): Hit | undefined {
  return hit && (!hit.roles || hit.roles.has(role)) ? hit : undefined;
}

function prAuthor(ctx: Ctx, author: Actor): void {
  const login = author.login.toLowerCase();
  const hit = first(ctx.layers, (l) => inRole(l.logins.get(login), "pr-author"));
  if (hit) ctx.out.add(hit, "pr-author", `@${author.login}`, "PR author");
}

/** The tool's name and a slash: `codex/fix-parser` is a signal, `cursor-blink` and `codex/` alone are not. */
function branch(ctx: Ctx, ref: string): void {
  for (const layer of ctx.layers) {
    for (const b of layer.branches) {
      if (ref.length > b.prefix.length && ref.startsWith(b.prefix)) {
        ctx.out.add(b.hit, "branch", ref, "PR head branch");
      }
    }
  }
}

/** A web "Update branch" merge brings the base in: its identities say nothing about the PR's code. */
function isBaseMerge(commit: CommitInfo): boolean {
  return commit.parents.length > 1 && commit.committedViaWeb;
}

function commitEvidence(ctx: Ctx, commit: CommitInfo): void {
  const trailers = parseTrailers(commit.message);
  if (!isBaseMerge(commit)) {
    identity(ctx, commit.author, "commit-author", "commit author", commit.oid);
    identity(ctx, commit.committer, "commit-committer", "commit committer", commit.oid);
    for (const t of trailers) {
      if (t.key.toLowerCase() === "co-authored-by") coAuthor(ctx, t, commit.oid);
    }
  }
  for (const t of trailers) trailer(ctx, t, commit.oid);
  subject(ctx, commit.message, commit.oid);
  markers(ctx, commit.message, "commit message", commit.oid);
}

/** `ID+LOGIN@users.noreply.github.com` or the legacy `LOGIN@users.noreply.github.com`. */
const NOREPLY = /^(?:(\d+)\+)?([a-z0-9][a-z0-9-]*(?:\[bot\])?)@users\.noreply\.github\.com$/i;

/**
 * The tool an identity belongs to: its exact address, else the account a
 * noreply address names (its id survives renames; bots have no GraphQL
 * `user`, so the address is all there is), else its login, else a
 * configured glob. Names alone never match: they are people's first names.
 * With `role`, a catalog identity limited to other roles does not match.
 */
export function identityHit(layers: Layer[], id: Identity, role?: IdentityRole): Hit | undefined {
  const email = id.email.trim().toLowerCase();
  const noreply = NOREPLY.exec(email);
  const ids = noreply?.[1] ? Number(noreply[1]) : undefined;
  const logins = [noreply?.[2], id.login?.toLowerCase()].filter((l): l is string => !!l);
  const fits = (hit: Hit | undefined) => (role ? inRole(hit, role) : hit);
  return first(layers, (l) => {
    if (email) {
      const exact =
        fits(l.emails.get(email)) ?? (ids !== undefined ? fits(l.ids.get(ids)) : undefined);
      if (exact) return exact;
    }
    for (const login of logins) {
      const hit = fits(l.logins.get(login));
      if (hit) return hit;
    }
    return l.identityGlobs.find(
      (g) => g.email.test(email) && (!g.name || g.name.test(id.name.trim())),
    )?.hit;
  });
}

function display(id: Identity): string {
  const base = id.name ? `${id.name} <${id.email}>` : `<${id.email}>`;
  return id.login && !id.email.toLowerCase().includes(id.login.toLowerCase())
    ? `${base} (@${id.login})`
    : base;
}

function identity(
  ctx: Ctx,
  id: Identity,
  signal: "commit-author" | "commit-committer",
  where: string,
  oid: string,
): void {
  const hit = identityHit(ctx.layers, id, signal);
  if (hit) ctx.out.add(hit, signal, display(id), where, oid);
  // Aider keeps the user's own email and marks the name instead.
  const name = id.name.trim().toLowerCase();
  const aider = first(ctx.layers, (l) => l.nameSuffixes.find((s) => name.endsWith(s.suffix))?.hit);
  if (aider) ctx.out.add(aider, "aider-name", display(id), where, oid);
}

/** `Name <email>`, or a bare address. */
export function parseIdentity(value: string): Identity | null {
  const text = value.trim();
  return bracketedIdentity(text) ?? bareIdentity(text);
}

/**
 * `Name <email>`: the email is the last `<…>`, closing the value and holding
 * no `<` or `>`. Found with `lastIndexOf` rather than `(.*?)\s*<`, which
 * retried every split of a long run of spaces (seconds for 100,000).
 */
function bracketedIdentity(text: string): Identity | null {
  if (!text.endsWith(">")) return null;
  const lt = text.lastIndexOf("<");
  if (lt === -1 || text.indexOf(">", lt) !== text.length - 1) return null;
  const name = text.slice(0, lt).trimEnd();
  // The name is one line of text (the former `.*` stopped at line terminators).
  if (/[\n\r\u2028\u2029]/.test(name)) return null;
  return { name: name.trim(), email: text.slice(lt + 1, -1).trim() };
}

function bareIdentity(text: string): Identity | null {
  return /^[^\s@<>]+@[^\s@<>]+$/.test(text) ? { name: "", email: text } : null;
}

function trailerLine(t: Trailer): string {
  return t.value ? `${t.key}: ${t.value}` : `${t.key}:`;
}

function coAuthor(ctx: Ctx, t: Trailer, oid: string): void {
  const id = parseIdentity(t.value);
  if (!id) return;
  const hit = identityHit(ctx.layers, id, "co-author");
  if (hit) ctx.out.add(hit, "co-author", trailerLine(t), "commit trailers", oid);
  // `aider (gpt-4o) <…>`: Aider's own co-author name, whatever the address.
  const name = id.name.trim();
  const byName = name
    ? first(ctx.layers, (l) => l.coAuthorNames.find((n) => n.re.test(name))?.hit)
    : undefined;
  if (byName) ctx.out.add(byName, "aider-name", trailerLine(t), "commit trailers", oid);
}

function trailer(ctx: Ctx, t: Trailer, oid: string): void {
  const key = t.key.toLowerCase();
  const value = t.value.trim();
  for (const layer of ctx.layers) {
    // A tool's own key counts even when its value wrapped onto the next line
    // and git parsed it empty; a key that needs a value (`Made-with: Cursor`) does not.
    for (const tt of layer.toolTrailers.get(key) ?? []) {
      if (tt.pattern ? tt.pattern.test(value) : true) {
        ctx.out.add(tt.hit, "tool-trailer", trailerLine(t), "commit trailers", oid);
      }
    }
    for (const p of layer.toolTrailerPrefixes) {
      if (key.length > p.prefix.length && key.startsWith(p.prefix)) {
        ctx.out.add(p.hit, "tool-trailer", trailerLine(t), "commit trailers", oid);
      }
    }
    const disclosure = layer.disclosures.get(key);
    if (disclosure && !isNegation(value)) {
      ctx.out.add(
        named(disclosure, value),
        "disclosure-trailer",
        trailerLine(t),
        "commit trailers",
        oid,
      );
    }
    if (layer.assistedBy && key === "assisted-by") assistedBy(ctx, layer.assistedBy, t, oid);
  }
}

/** A built-in disclosure names the tool its value names; a configured one stays "configured". */
function named(hit: Hit, value: string): Hit {
  if (hit.tool === "configured") return hit;
  const entry = namedEntry(value);
  return entry ? { ...hit, tool: entry.name } : hit;
}

function assistedBy(ctx: Ctx, hit: Hit, t: Trailer, oid: string): void {
  const read = readAssistedBy(t.value);
  let found: Hit | undefined;
  if (read.kind === "email") {
    const id = parseIdentity(t.value) ?? { name: "", email: read.email };
    const ai = identityHit(ctx.layers, id, "co-author");
    found = ai && { ...hit, tool: ai.tool };
  } else if (read.kind === "tool") {
    found = read.entry ? { ...hit, tool: read.entry.name } : hit;
  }
  if (found) ctx.out.add(found, "disclosure-trailer", trailerLine(t), "commit trailers", oid);
}

function subject(ctx: Ctx, message: string, oid: string): void {
  const line = message.split("\n", 1)[0] ?? "";
  const lower = line.toLowerCase();
  for (const layer of ctx.layers) {
    for (const p of layer.subjectPrefixes) {
      if (lower.startsWith(p.prefix)) ctx.out.add(p.hit, "marker", line, "commit subject", oid);
    }
  }
}

function markers(ctx: Ctx, text: string, where: string, oid?: string): void {
  if (!text) return;
  for (const layer of ctx.layers) {
    for (const m of layer.markers) {
      const found = m.re.exec(text);
      if (found) ctx.out.add(m.hit, "marker", found[0], where, oid);
    }
  }
}
