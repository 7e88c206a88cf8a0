/**
 * How Countersign acknowledges a newly created comment (SPEC §8): a 👍 when
 * every command in it was accepted, a reply saying why when one was not.
 * The judgement is the very one `evaluateOverrides` makes, so the reply and
 * the check never disagree.
 *
 * Replies address only the sender; anyone else named (who may override) is
 * shown without a ping. Command lines in our own text are always inside code
 * spans, so a reply is never itself read as a command.
 */

import type { Config } from "../model/config-schema.js";
import type { OverrideUse } from "../model/decision.js";
import type { Directory, IssueComment, Snapshot } from "../model/snapshot.js";
import { sameLogin } from "../model/snapshot.js";
import { isBotActor } from "../policy/bots.js";
import { type Command, parseCommands } from "../policy/commands.js";
import { withComment } from "../policy/override-withdrawal.js";
import {
  evaluateOverrides,
  type JudgedCommand,
  judgeOverrideCommands,
} from "../policy/overrides.js";
import { escapeMarkdownInline, inlineCode, mention, quietMention } from "./escape.js";

export interface CommentJudgement {
  reaction: "+1" | null;
  reply: string | null;
}

interface Verdict {
  accepted: boolean;
  /** A line for the reply, if the sender needs to be told something. */
  message?: string;
  help?: boolean;
}

const NOTHING: CommentJudgement = { reaction: null, reply: null };

/**
 * For `issue_comment.created` only. `snapshot` may or may not already hold
 * the comment; it is judged as given. Help is accepted (👍) and answered
 * with the usage text. Bots' comments are never commands: no reaction, no reply.
 */
export function judgeNewComment(
  comment: IssueComment,
  snapshot: Snapshot,
  directory: Directory,
  config: Config,
): CommentJudgement {
  if (!comment.author || isBotActor(comment.author)) return NOTHING;
  const commands = parseCommands(comment.body);
  if (commands.length === 0) return NOTHING;
  const withIt = withComment(snapshot, comment);
  const judged = judgeOverrideCommands(withIt, directory, config).filter(
    (j) => j.comment.databaseId === comment.databaseId,
  );
  const at = { snapshot: withIt, directory };
  const verdicts = commands.map((command) => verdictFor(command, judged, at, config));
  return {
    reaction: verdicts.every((v) => v.accepted) ? "+1" : null,
    reply: composeReply(comment.author.login, verdicts, withIt, config),
  };
}

function verdictFor(command: Command, judged: JudgedCommand[], at: At, config: Config): Verdict {
  switch (command.name) {
    case "recheck":
      return { accepted: true };
    case "help":
      return { accepted: true, help: true };
    case "unknown":
      return {
        accepted: false,
        message:
          `${inlineCode(`/countersign ${command.word}`, 60)} is not a command. ` +
          `Use ${inlineCode("/countersign override <reason>")}, ${inlineCode("revoke")}, ` +
          `${inlineCode("recheck")} or ${inlineCode("help")}.`,
      };
    default: {
      const j = judged.find((x) => x.command.line === command.line);
      return j ? overrideVerdict(j, at, config) : { accepted: true };
    }
  }
}

/** An override revoked later (even in the same comment) was still accepted when written. */
function overrideVerdict(j: JudgedCommand, at: At, config: Config): Verdict {
  const refusal = j.refusal;
  if (refusal === null || refusal.kind === "revoked") {
    return j.command.name === "override" ? progressVerdict(j, at, config) : { accepted: true };
  }
  const word = inlineCode(`/countersign ${j.command.name}`);
  const head = shortSha(at.snapshot);
  switch (refusal.kind) {
    case "pr-author":
      return refused(
        `${word} was not applied: the author of a pull request cannot override it. ${askWho(config)}`,
      );
    case "not-allowed":
      return refused(`${word} was not applied: only ${whoMay(config)} can override here.`);
    case "no-reason":
      return refused(
        `${word} was not applied: it needs a reason. Repeat it as ${inlineCode("/countersign override <reason>")}.`,
      );
    case "edited":
      return refused(
        `${word} was not applied: the comment was edited, and edited comments never count. Post it again in a new comment.`,
      );
    case "before-report":
      return refused(
        `${word} was not applied: it was written before Countersign reported on the current head, ${head} (a push raced it). Check that commit, then repeat it.`,
      );
    case "before-arrival":
      return refused(
        `${word} was not applied: it was written before the pull request's head returned to ${head}, and an override counts only for the head it was given on. Check that commit, then repeat it.`,
      );
    case "nothing-to-revoke":
      return refused(
        `${word}: you have no override that counts on ${head}; ${inlineCode("revoke")} withdraws only your own.`,
      );
    case "bot":
      return { accepted: false };
  }
}

/** The PR as judged: its snapshot and the look-ups beside it. */
interface At {
  snapshot: Snapshot;
  directory: Directory;
}

function refused(message: string): Verdict {
  return { accepted: false, message };
}

/** With `approvals_needed` above 1, say how many more people must override: the 👍 alone would look like success. */
function progressVerdict(j: JudgedCommand, at: At, config: Config): Verdict {
  const result = evaluateOverrides(at.snapshot, at.directory, config);
  const counts = result.active.some((use) => sameLogin(use.login, j.login));
  if (!counts || result.effective) return { accepted: true };
  const more = result.needed - result.active.length;
  return {
    accepted: true,
    message:
      `override recorded (${result.active.length} of ${result.needed}); it takes effect when ` +
      `${more} more ${more === 1 ? "person overrides" : "people override"}.`,
  };
}

function whoMay(config: Config): string {
  const allowed = config.overrides.allowed;
  if (allowed.length === 0) return "repository admins";
  return allowed.map((principal) => quietMention(principal)).join(", ");
}

function askWho(config: Config): string {
  if (config.overrides.allowed.length === 0) return "Ask a repository admin.";
  return `Ask one of: ${whoMay(config)}.`;
}

function shortSha(snapshot: Snapshot): string {
  return inlineCode(snapshot.pullRequest.headOid.slice(0, 7));
}

function composeReply(
  login: string,
  verdicts: Verdict[],
  snapshot: Snapshot,
  config: Config,
): string | null {
  const messages = [...new Set(verdicts.flatMap((v) => (v.message ? [v.message] : [])))];
  const help = verdicts.some((v) => v.help) ? helpText(snapshot, config) : null;
  if (messages.length === 0 && help === null) return null;
  const greeting = mention(login);
  const parts: string[] = [];
  if (messages.length === 1) parts.push(messages[0]!);
  else if (messages.length > 1) parts.push(messages.map((m) => `- ${m}`).join("\n"));
  if (help !== null) parts.push(help);
  // A single message reads as one sentence to the sender; a list starts on its own paragraph.
  return messages.length > 1
    ? [greeting, ...parts].join("\n\n")
    : `${greeting} ${parts.join("\n\n")}`;
}

/** The usage text a `/countersign help` (or a bare `/countersign`) gets. */
export function helpText(snapshot: Snapshot, config: Config): string {
  const { require_reason, approvals_needed } = config.overrides;
  const who = `${whoMay(config)}, never the PR author`;
  const extra = [
    require_reason ? "a reason is required" : null,
    approvals_needed > 1 ? `${approvals_needed} different people must override` : null,
  ].filter((x): x is string => x !== null);
  return [
    "Countersign commands, one per line at the start of a line, in a new comment (not in a quote or code block):",
    "",
    `- ${inlineCode("/countersign override <reason>")}: pass the check for the current head, ${shortSha(snapshot)}. Who: ${who}${extra.length ? "; " + extra.join("; ") : ""}.`,
    `- ${inlineCode("/countersign revoke")}: withdraw your override.`,
    `- ${inlineCode("/countersign recheck")}: evaluate the pull request again.`,
    `- ${inlineCode("/countersign help")}: show this.`,
    "",
    "An override holds only for the commit it was given on: after a push, repeat it. Editing or deleting its comment withdraws it.",
  ].join("\n");
}

/** Hidden in the withdrawn-override reply, so the GitHub layer replies only once per comment. */
export function withdrawnMarker(commentId: number): string {
  return `<!-- countersign:withdrawn:${commentId} -->`;
}

/**
 * Whether Countersign itself (`appLogin`, its `<slug>[bot]` account) already
 * told that the override in comment `commentId` was withdrawn. Only the
 * app's own replies carry its markers: another bot's comment quoting one
 * must not silence the reply. With the app's login unknown, nothing counts.
 */
export function hasWithdrawnReply(
  comments: IssueComment[],
  commentId: number,
  appLogin: string | null,
): boolean {
  const marker = withdrawnMarker(commentId);
  return comments.some(
    (c) =>
      c.author !== null &&
      isBotActor(c.author) &&
      sameLogin(c.author.login, appLogin) &&
      c.body.includes(marker),
  );
}

/**
 * Posted once when an accepted override's comment is edited or deleted
 * (`withdrawnOverride` finds `use`). Addressed to the override's author:
 * it was their command.
 */
export function overrideWithdrawnReply(
  use: OverrideUse,
  commentId: number,
  how: "edited" | "deleted",
): string {
  const reason = use.reason ? ` (${escapeMarkdownInline(use.reason, 80)})` : "";
  return [
    withdrawnMarker(commentId),
    `${mention(use.login)} your override${reason} no longer counts: its comment was ${how}` +
      (how === "edited" ? ", and edited comments never count. " : ". ") +
      `To override again, post ${inlineCode("/countersign override <reason>")} in a new comment.`,
  ].join("\n");
}
