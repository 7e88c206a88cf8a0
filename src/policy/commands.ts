/**
 * `/countersign …` commands in a PR comment (SPEC §8). A command is a line
 * of its own, at the start of the line, as the comment renders: text GitHub
 * shows inside a quote or a code block is someone's words being quoted or
 * shown, not a command, so those lines are skipped.
 */

export type Command =
  | { name: "override"; reason: string; line: number }
  /** `target`: whose overrides to withdraw (`/countersign revoke @user`); null for the sender's own. */
  | { name: "revoke"; target: string | null; line: number }
  | { name: "recheck" | "help"; line: number }
  | { name: "unknown"; word: string; line: number };

/**
 * `/countersign`, then the sub-command and its argument. Up to 3 leading
 * spaces, as Markdown allows before a paragraph; `\s` after the word so that
 * `/countersigned` is not a command.
 */
const COMMAND_LINE = /^ {0,3}\/countersign(?:[ \t]+(\S+)(?:[ \t]+(.*))?)?[ \t]*$/i;

/** An opening code fence: 3+ backticks (no backtick in the info string) or 3+ tildes. */
const FENCE_OPEN = /^ {0,3}(`{3,}(?=[^`]*$)|~{3,})/;

/** A line Markdown shows as quoted: `>` after up to 3 spaces (nested quotes start the same way). */
const QUOTE_LINE = /^ {0,3}>/;

/** 4+ spaces or a tab: an indented code block (ignoring list nesting, which commands never need). */
const INDENTED_CODE = /^(?: {4}| {0,3}\t)/;

interface Fence {
  char: string;
  length: number;
}

/** Every command in `body`, in line order; lines are numbered from 1. */
export function parseCommands(body: string): Command[] {
  const commands: Command[] = [];
  let fence: Fence | null = null;
  body.split(/\r\n|\r|\n/).forEach((text, index) => {
    if (fence) {
      if (closesFence(text, fence)) fence = null;
      return;
    }
    fence = openFence(text);
    if (fence || QUOTE_LINE.test(text) || INDENTED_CODE.test(text)) return;
    const command = parseLine(text, index + 1);
    if (command) commands.push(command);
  });
  return commands;
}

function openFence(text: string): Fence | null {
  const run = FENCE_OPEN.exec(text)?.[1];
  return run ? { char: run[0]!, length: run.length } : null;
}

/** A closing fence is the same character, at least as long, with nothing after it. An unclosed fence runs to the end. */
function closesFence(text: string, fence: Fence): boolean {
  const match = /^ {0,3}(`+|~+)[ \t]*$/.exec(text);
  const run = match?.[1];
  return run !== undefined && run[0] === fence.char && run.length >= fence.length;
}

function parseLine(text: string, line: number): Command | null {
  const match = COMMAND_LINE.exec(text);
  if (!match) return null;
  const word = match[1];
  if (word === undefined) return { name: "help", line };
  const name = word.toLowerCase();
  if (name === "override") return { name, reason: (match[2] ?? "").trim(), line };
  if (name === "revoke") return { name, target: revokeTarget(match[2] ?? ""), line };
  if (name === "recheck" || name === "help") return { name, line };
  return { name: "unknown", word, line };
}

/** A GitHub login after `@` (letters, digits, single hyphens; at most 39 characters). */
const LOGIN_ARG = /^@([a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38})$/i;

function revokeTarget(arg: string): string | null {
  return LOGIN_ARG.exec(arg.trim())?.[1] ?? null;
}
