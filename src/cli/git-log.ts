/**
 * Commits of a local range as `CommitInfo`, read with `git log -z` and
 * NUL-separated fields so that no message text can break the parse.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { CommitInfo } from "../model/snapshot.js";

const run = promisify(execFile);

/** Full SHA, parents, author name/email, committer name/email, raw message. */
const FIELDS = ["%H", "%P", "%an", "%ae", "%cn", "%ce", "%B"] as const;
const FORMAT = FIELDS.join("%x00");

export class GitError extends Error {}

/** Runs git with the user's display settings neutralised (signatures, colour, pager). */
export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(
      "git",
      ["-c", "log.showSignature=false", "-c", "color.ui=never", ...args],
      {
        cwd,
        encoding: "utf8",
        maxBuffer: 512 * 1024 * 1024,
        env: { ...process.env, GIT_PAGER: "cat", LC_ALL: "C" },
      },
    );
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new GitError((e.stderr || e.message).trim());
  }
}

/** Whether `rev` names a commit. */
export async function revExists(cwd: string, rev: string): Promise<boolean> {
  try {
    await git(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/**
 * `git log RANGE` as commits, newest first. `committedViaWeb` is read from
 * GitHub's web committer (`GitHub <noreply@github.com>`), the only trace a
 * clone keeps of it.
 */
export async function readCommits(cwd: string, range: string): Promise<CommitInfo[]> {
  const out = await git(cwd, ["log", "-z", "--encoding=UTF-8", `--format=${FORMAT}`, range, "--"]);
  return parseLog(out);
}

export function parseLog(out: string): CommitInfo[] {
  const parts = out.split("\0");
  const commits: CommitInfo[] = [];
  // -z ends every record with NUL, so a trailing empty part is the terminator.
  for (let i = 0; i + FIELDS.length <= parts.length; i += FIELDS.length) {
    const [oid, parents, an, ae, cn, ce, message] = parts.slice(i, i + FIELDS.length) as string[];
    // Records after the first begin right after the previous NUL; git adds no newline with -z.
    const author = { name: an!, email: ae!, login: null };
    const committer = { name: cn!, email: ce!, login: null };
    commits.push({
      oid: oid!.trim(),
      message: message!,
      author,
      committer,
      authors: [author],
      parents: parents!.split(" ").filter(Boolean),
      committedViaWeb: ce!.toLowerCase() === "noreply@github.com",
    });
  }
  return commits;
}
