/**
 * The built-in catalog of AI coding tools (SPEC §3), kept as data: one entry
 * a tool and confidence level, each with the source its facts came from
 * (../shared/reference/ai-signals.md). Adding a tool is one entry here and
 * one case in test/fixtures/ai-corpus.json.
 *
 * Matching rules live in detect.ts; this file only states facts.
 */
import type { Confidence } from "../model/evidence.js";

/**
 * Where an identity can stand: as the PR's author, a commit's author or
 * committer, or a `Co-authored-by` of its trailer block.
 */
export type IdentityRole = "pr-author" | "commit-author" | "commit-committer" | "co-author";

/** A tool's own trailer key; with `valuePattern`, only values it matches count. */
export interface ToolTrailer {
  key: string;
  valuePattern?: RegExp;
}

export interface CatalogEntry {
  /** The tool's name as shown in the check ("Claude Code"). Entries may share a name when confidence differs. */
  name: string;
  /** Logins that open PRs or author commits, matched exactly (case-insensitive, as GitHub logins are). */
  logins: string[];
  /** Commit author/committer/co-author addresses, matched exactly (case-insensitive). */
  emails: string[];
  /** Numeric account ids of `logins`: the `ID+` prefix of a noreply address survives renames. */
  noreplyIds?: number[];
  /**
   * The roles in which these logins, emails and ids are evidence; every role
   * when absent. `vercel[bot]` also comments and posts statuses as a
   * deployment bot: only its commits are authorship.
   */
  roles?: IdentityRole[];
  /** Trailer keys only this tool writes, in the git-parsed trailer block. */
  toolTrailers: ToolTrailer[];
  /** Trailer key prefixes only this tool writes ("Claude-"): every key starting with one counts. */
  toolTrailerPrefixes?: string[];
  /** Whole co-author names only this tool writes (`aider (gpt-4o)`), whatever the address. */
  coAuthorNames?: RegExp[];
  /** Phrases (case-insensitive) or patterns in the PR body or a commit message. No `g` flag. */
  markers: (RegExp | string)[];
  /** Words that make an `Assisted-by:` value name this tool ("claude", "gpt"). */
  models?: string[];
  /** Endings of a commit author/committer name ("Paul Gauthier (aider)"). */
  nameSuffixes?: string[];
  /** Prefixes of a commit subject line, case-insensitive ("aider: "). */
  subjectPrefixes?: string[];
  source: string;
  confidence: Confidence;
}

/** One row a tool and confidence; the order is the reference's order. */
export const CATALOG: readonly CatalogEntry[] = [
  {
    name: "Copilot coding agent",
    // `Copilot` is a Bot with id 198982749 (no `[bot]` in REST); search and
    // squash co-authors spell it `copilot-swe-agent[bot]`.
    logins: ["Copilot", "copilot-swe-agent[bot]"],
    emails: ["198982749+Copilot@users.noreply.github.com"],
    noreplyIds: [198982749],
    toolTrailers: [{ key: "Agent-Logs-Url" }],
    markers: [],
    source: "https://docs.github.com/en/copilot/concepts/agents/coding-agent/about-coding-agent",
    confidence: "high",
  },
  {
    name: "Copilot CLI / VS Code",
    logins: [],
    // `copilot@github.com` is the early-2026 VS Code agent identity.
    emails: ["223556219+Copilot@users.noreply.github.com", "copilot@github.com"],
    noreplyIds: [223556219],
    toolTrailers: [{ key: "Copilot-Session" }],
    markers: [],
    models: ["copilot"],
    source: "https://docs.github.com/en/copilot/concepts/agents/about-copilot-cli",
    confidence: "medium",
  },
  {
    name: "Copilot code review / Autofix",
    // Applied review suggestions and code-scanning Autofix commits; the
    // reviewer login `copilot-pull-request-reviewer[bot]` is not authorship.
    logins: [],
    emails: [
      "175728472+Copilot@users.noreply.github.com",
      "62310815+github-advanced-security[bot]@users.noreply.github.com",
    ],
    noreplyIds: [175728472],
    toolTrailers: [],
    markers: [],
    source:
      "https://docs.github.com/en/code-security/code-scanning/managing-code-scanning-alerts/responsible-use-autofix-code-scanning",
    confidence: "medium",
  },
  {
    name: "Claude Code",
    logins: [],
    // `Co-Authored-By: Claude… <noreply@anthropic.com>`: the model name varies, the address does not.
    emails: ["noreply@anthropic.com"],
    // Claude-Session is kept even when attribution is switched off.
    toolTrailers: [{ key: "Claude-Session" }],
    // Only the bracketed form: plain "Generated with Claude Code" matched 0 of 13 real PR bodies.
    markers: [/Generated with \[Claude Code\]/i],
    models: ["claude", "anthropic"],
    source: "https://docs.claude.com/en/docs/claude-code/settings",
    confidence: "high",
  },
  {
    name: "Claude Code",
    // Newer attribution (seen in anthropics/claude-code-action and
    // modelcontextprotocol/servers), often without a Co-Authored-By line:
    // `Claude-Generated-By: Claude Code (cli/<model>=<share>%)`,
    // `Claude-Steers: N`, `Claude-Permission-Prompts: N`, `Claude-Escapes: N`,
    // `Claude-Plan:`. Claude Code owns the `Claude-` key space (SPEC §3:
    // "every other Claude-* key Claude Code writes"), so the prefix counts;
    // the named keys document what has been seen.
    logins: [],
    emails: [],
    toolTrailers: [
      { key: "Claude-Generated-By" },
      { key: "Claude-Steers" },
      { key: "Claude-Permission-Prompts" },
      { key: "Claude-Escapes" },
      { key: "Claude-Plan" },
    ],
    toolTrailerPrefixes: ["Claude-"],
    markers: [],
    source: "https://github.com/anthropics/claude-code-action/commits/main",
    confidence: "high",
  },
  {
    name: "Claude GitHub App",
    logins: ["claude[bot]"],
    emails: ["209825114+claude[bot]@users.noreply.github.com"],
    noreplyIds: [209825114],
    toolTrailers: [],
    markers: [],
    source: "https://github.com/anthropics/claude-code-action",
    confidence: "high",
  },
  {
    name: "OpenAI Codex",
    logins: ["chatgpt-codex-connector[bot]", "openai-codex[bot]"],
    emails: ["noreply@openai.com", "codex@openai.com"],
    noreplyIds: [199175422, 215057067],
    toolTrailers: [],
    // Codex cloud opens the PR as the user; the task link is what remains.
    markers: [/https:\/\/chatgpt\.com\/codex\/(?:cloud\/)?tasks\/task_[\w-]+/i],
    models: ["codex", "chatgpt", "openai", "gpt", "o3", "o4-mini"],
    source: "https://developers.openai.com/codex/cloud",
    confidence: "high",
  },
  {
    name: "Cursor",
    // `cursor[bot]` is the Bugbot reviewer, not authorship: see NOT_EVIDENCE.
    logins: ["cursoragent"],
    emails: ["cursoragent@cursor.com"],
    toolTrailers: [{ key: "Made-with", valuePattern: /^cursor\b/i }],
    markers: [/Made with \[Cursor\]/i, /https:\/\/(?:www\.)?cursor\.com\/agents\/bc-[\w-]+/i],
    models: ["cursor"],
    source: "https://docs.cursor.com/en/background-agent",
    confidence: "high",
  },
  {
    name: "Devin",
    logins: ["devin-ai-integration[bot]"],
    emails: ["158243242+devin-ai-integration[bot]@users.noreply.github.com"],
    noreplyIds: [158243242],
    toolTrailers: [],
    markers: [/Link to Devin run:/i],
    models: ["devin"],
    source: "https://docs.devin.ai/integrations/gh",
    confidence: "high",
  },
  {
    name: "Google Jules",
    logins: ["google-labs-jules[bot]"],
    emails: ["161369871+google-labs-jules[bot]@users.noreply.github.com"],
    noreplyIds: [161369871],
    toolTrailers: [],
    markers: [/PR created automatically by Jules for task/i],
    models: ["jules"],
    source: "https://jules.google/docs",
    confidence: "high",
  },
  {
    name: "Amazon Q Developer",
    logins: ["amazon-q-developer[bot]"],
    emails: [],
    noreplyIds: [208079219],
    toolTrailers: [],
    markers: [],
    models: ["amazon q"],
    source:
      "https://docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/amazon-q-developer-github.html",
    confidence: "medium",
  },
  {
    name: "Kiro",
    logins: ["kiro-agent[bot]"],
    emails: [],
    toolTrailers: [],
    markers: [],
    models: ["kiro"],
    source: "https://kiro.dev/docs/",
    confidence: "medium",
  },
  {
    name: "Kiro",
    // One weak source only: `Kiro <noreply@kiro.dev>`.
    logins: [],
    emails: ["noreply@kiro.dev"],
    toolTrailers: [],
    markers: [],
    source: "https://kiro.dev/docs/",
    confidence: "weak",
  },
  {
    name: "Aider",
    logins: [],
    // Aider commits under the user's own email, marking the name instead.
    emails: ["aider@aider.chat", "noreply@aider.chat"],
    toolTrailers: [],
    markers: [],
    models: ["aider"],
    nameSuffixes: [" (aider)"],
    source: "https://aider.chat/docs/git.html",
    confidence: "high",
  },
  {
    name: "Aider",
    logins: [],
    emails: [],
    toolTrailers: [],
    markers: [],
    // Older Aider prefixed its subjects; "raider: fix" is not it (prefix anchored at the start).
    subjectPrefixes: ["aider: "],
    source: "https://aider.chat/docs/git.html",
    confidence: "medium",
  },
  {
    name: "Aider",
    // Development builds co-author as `aider (<model>) <noreply@aider.dev>`;
    // the name form is Aider's own, whatever the address.
    logins: [],
    emails: ["noreply@aider.dev"],
    coAuthorNames: [/^aider \([^()]+\)$/i],
    toolTrailers: [],
    markers: [],
    source: "https://github.com/Aider-AI/aider/pull/3789",
    confidence: "high",
  },
  {
    name: "Aider",
    logins: [],
    emails: [],
    toolTrailers: [],
    // 2023 Aider wrote its chat transcript into the commit body under this heading.
    markers: [/^# Aider chat conversation:/m],
    source: "https://github.com/Aider-AI/aider/commits/main",
    confidence: "high",
  },
  {
    name: "OpenHands",
    logins: ["openhands-agent", "openhands-ai[bot]"],
    emails: ["openhands@all-hands.dev"],
    toolTrailers: [],
    markers: [],
    models: ["openhands"],
    source: "https://docs.all-hands.dev/usage/how-to/github-action",
    confidence: "high",
  },
  {
    name: "Amp",
    logins: [],
    emails: ["amp@ampcode.com"],
    toolTrailers: [{ key: "Amp-Thread-ID" }],
    markers: [],
    source: "https://ampcode.com/manual",
    confidence: "medium",
  },
  {
    name: "Amp",
    // A thread link anywhere in a commit message or PR body, not only in Amp-Thread-ID.
    logins: [],
    emails: [],
    toolTrailers: [],
    markers: [/https:\/\/ampcode\.com\/threads\/T-[\w-]+/i],
    source: "https://ampcode.com/manual",
    confidence: "high",
  },
  {
    name: "Factory",
    logins: ["factory-droid[bot]"],
    emails: ["138933559+factory-droid[bot]@users.noreply.github.com"],
    noreplyIds: [138933559],
    toolTrailers: [],
    markers: [],
    source: "https://docs.factory.ai/",
    confidence: "medium",
  },
  {
    name: "Sweep",
    logins: ["sweep-ai[bot]"],
    emails: [],
    toolTrailers: [],
    markers: [],
    source: "https://github.com/sweepai/sweep",
    confidence: "medium",
  },
  {
    name: "Codegen",
    logins: ["codegen-sh[bot]"],
    emails: [],
    toolTrailers: [],
    markers: [],
    source: "https://docs.codegen.com/",
    confidence: "medium",
  },
  {
    name: "OpenCode",
    logins: ["opencode-agent[bot]"],
    emails: ["noreply@opencode.ai"],
    toolTrailers: [],
    markers: [/Generated with \[OpenCode\]/i],
    models: ["opencode"],
    source: "https://opencode.ai/docs/github/",
    confidence: "medium",
  },
  {
    name: "Tembo",
    logins: ["tembo[bot]"],
    emails: [],
    toolTrailers: [],
    markers: [],
    source: "https://docs.tembo.io/",
    confidence: "medium",
  },
  {
    name: "Mentat",
    logins: ["mentatbot[bot]"],
    emails: [],
    toolTrailers: [],
    markers: [],
    source: "https://github.com/AbanteAI/mentat",
    confidence: "medium",
  },
  {
    name: "Lovable",
    logins: ["gpt-engineer-app[bot]", "lovable-dev[bot]"],
    emails: [],
    toolTrailers: [],
    markers: [],
    source: "https://docs.lovable.dev/integrations/git-integration",
    confidence: "medium",
  },
  {
    name: "Replit Agent",
    logins: [],
    emails: [],
    toolTrailers: [{ key: "Replit-Commit-Author", valuePattern: /^(?:agent|assistant)\b/i }],
    markers: [],
    source: "https://docs.replit.com/replitai/agent",
    confidence: "medium",
  },
  {
    name: "Gemini",
    // Model names only: Gemini CLI's identity and the review bot are not authorship.
    logins: [],
    emails: [],
    toolTrailers: [],
    markers: [],
    models: ["gemini"],
    source: "https://github.com/google-gemini/gemini-cli",
    confidence: "medium",
  },
  // --- observed in public histories since (reference, December 2026) ---
  {
    name: "Vercel Open Agents",
    // Renamed from openharness[bot]; the app id survives the rename. Authors
    // commits and writes itself as Co-Authored-By.
    logins: ["openharness[bot]", "open-agents-bot[bot]"],
    emails: [],
    noreplyIds: [260704009],
    toolTrailers: [],
    markers: [],
    source: "https://github.com/vercel-labs/open-agents/blob/main/apps/web/lib/github/app-auth.ts",
    confidence: "high",
  },
  {
    name: "Gemini CLI bot",
    // The agentic bot changes code; `gemini-cli@google.com` (checkpoints) is not it.
    logins: ["gemini-cli[bot]"],
    emails: [],
    noreplyIds: [218312386],
    toolTrailers: [],
    markers: [],
    source: "https://github.com/google-gemini/gemini-cli/tree/main/tools/gemini-cli-bot",
    confidence: "high",
  },
  {
    name: "PostHog Code",
    // Seen as commit author with `Generated-By: PostHog Code`.
    logins: ["posthog[bot]"],
    emails: [],
    noreplyIds: [206114724],
    roles: ["commit-author"],
    toolTrailers: [],
    markers: [],
    models: ["posthog"],
    source: "https://github.com/apps/posthog",
    confidence: "medium",
  },
  {
    name: "Vercel Agent",
    // Also Vercel's deployment bot: its comments and statuses are no
    // evidence, and neither is anything but authoring a commit.
    logins: ["vercel[bot]"],
    emails: [],
    noreplyIds: [35613825],
    roles: ["commit-author"],
    toolTrailers: [],
    markers: [],
    source: "https://vercel.com/docs/agent",
    confidence: "medium",
  },
  // AI reviewers: their reviews are no evidence, but a suggestion of theirs
  // applied as a commit co-authors it (like Copilot's 175728472+Copilot).
  {
    name: "Gemini Code Assist",
    logins: ["gemini-code-assist[bot]"],
    emails: [],
    noreplyIds: [176961590],
    roles: ["co-author"],
    toolTrailers: [],
    markers: [],
    source: "https://developers.google.com/gemini-code-assist/docs/review-github-code",
    confidence: "high",
  },
  {
    name: "CodeRabbit",
    logins: ["coderabbitai[bot]"],
    emails: [],
    roles: ["co-author"],
    toolTrailers: [],
    markers: [],
    source: "https://docs.coderabbit.ai/",
    confidence: "high",
  },
  {
    name: "Graphite",
    logins: ["graphite-app[bot]"],
    emails: [],
    roles: ["co-author"],
    toolTrailers: [],
    markers: [],
    source: "https://graphite.dev/docs",
    confidence: "high",
  },
];

/**
 * Head-branch prefixes of agents that open pull requests (SPEC §3): the tool
 * name and a slash. Humans do name branches `cursor-style`, never seen with
 * the slash. The only trace Codex cloud leaves when it commits as the user.
 * `tool` is a CATALOG name.
 */
export const AGENT_BRANCHES: readonly {
  prefix: string;
  tool: string;
  source: string;
  confidence: Confidence;
}[] = [
  {
    prefix: "codex/",
    tool: "OpenAI Codex",
    source: "https://developers.openai.com/codex/cloud",
    confidence: "medium",
  },
  {
    prefix: "copilot/",
    tool: "Copilot coding agent",
    source: "https://docs.github.com/en/copilot/concepts/agents/coding-agent/about-coding-agent",
    confidence: "medium",
  },
  {
    prefix: "claude/",
    tool: "Claude GitHub App",
    // claude-code-action's `branch_prefix` input defaults to `claude/`.
    source: "https://github.com/anthropics/claude-code-action/blob/main/action.yml",
    confidence: "medium",
  },
  {
    prefix: "devin/",
    tool: "Devin",
    source: "https://docs.devin.ai/integrations/gh",
    confidence: "medium",
  },
  {
    prefix: "cursor/",
    tool: "Cursor",
    source: "https://docs.cursor.com/en/background-agent",
    confidence: "medium",
  },
  {
    prefix: "jules/",
    tool: "Google Jules",
    source: "https://jules.google/docs",
    confidence: "medium",
  },
  {
    prefix: "openhands/",
    tool: "OpenHands",
    source: "https://docs.all-hands.dev/usage/how-to/github-action",
    confidence: "medium",
  },
];

/**
 * Disclosure trailers people write themselves. Evidence only when the value
 * is not a negation; `Assisted-by` needs more (see ASSISTED_BY).
 */
export const DISCLOSURE_TRAILERS: readonly { key: string; source: string }[] = [
  // ASF, pcs; OpenStack spells it `Generated-By` (keys compare case-insensitively).
  { key: "Generated-by", source: "https://www.apache.org/legal/generative-tooling.html" },
  {
    key: "Co-authored-by-AI",
    source: "https://github.com/OpenLiberty/open-liberty/blob/integration/CONTRIBUTING.md",
  },
  // `AI-assisted: <tool>` (weak: one observed repository; `AI-assisted: no` occurs too).
  {
    key: "AI-assisted",
    source:
      "https://ahochsteger.github.io/gmail-processor/docs/community/credits-and-ai-transparency",
  },
];

/**
 * `Assisted-by:` is not AI-only (curl has used it for human helpers since
 * 2020, `Assisted-by: Jay Satiro`): it counts only when its value names a
 * catalog tool or model, or has the kernel's `AGENT:MODEL [tools]` form.
 */
export const ASSISTED_BY = {
  key: "Assisted-by",
  source: "https://docs.kernel.org/process/coding-assistants.html",
} as const;

/** Values of a disclosure trailer that say "no AI" (compared trimmed, case-insensitive). */
export const NEGATIONS: readonly string[] = ["no", "none", "false", "n/a"];

export interface NotEvidence {
  kind: "login" | "email";
  value: string;
  why: string;
  /** The one role in which the catalog does count this identity (an AI reviewer's applied suggestion). */
  except?: IdentityRole;
}

/**
 * Identities that look like AI or automation but are not AI authorship.
 * Detection never matches them from the catalog; tests hold it to that.
 */
export const NOT_EVIDENCE: readonly NotEvidence[] = [
  { kind: "login", value: "dependabot[bot]", why: "dependency updates, not an AI tool" },
  { kind: "login", value: "renovate[bot]", why: "dependency updates, not an AI tool" },
  { kind: "login", value: "github-actions[bot]", why: "workflow automation" },
  { kind: "login", value: "web-flow", why: "GitHub's committer for web edits and agents alike" },
  {
    kind: "email",
    value: "noreply@github.com",
    why: "GitHub's committer for web edits and agents alike",
  },
  { kind: "login", value: "cursor[bot]", why: "Cursor Bugbot reviews; it does not author" },
  {
    kind: "login",
    value: "coderabbitai[bot]",
    why: "AI reviewer: its reviews and PRs are no evidence",
    except: "co-author",
  },
  {
    kind: "login",
    value: "gemini-code-assist[bot]",
    why: "AI reviewer: its reviews and PRs are no evidence",
    except: "co-author",
  },
  {
    kind: "login",
    value: "graphite-app[bot]",
    why: "AI reviewer: its reviews and PRs are no evidence",
    except: "co-author",
  },
  {
    kind: "login",
    value: "vercel[bot]",
    why: "deployment bot: comments, statuses and PRs are no evidence",
    except: "commit-author",
  },
  {
    kind: "login",
    value: "posthog[bot]",
    why: "only its commits are seen as authorship",
    except: "commit-author",
  },
  { kind: "login", value: "windsurf-bot[bot]", why: "review-only bot" },
  {
    kind: "login",
    value: "copilot-pull-request-reviewer[bot]",
    why: "Copilot code review: reviewer only",
  },
  {
    kind: "email",
    value: "gemini-cli@google.com",
    why: "Gemini CLI's private checkpoint repository, never a real commit",
  },
  { kind: "login", value: "claude", why: "a person (GitHub user id 81847)" },
];
