/**
 * `/countersign revoke` commands as the head's state records them (SPEC §8):
 * once seen, a revoke stands, even if its comment is later edited or deleted.
 */

import type { RevokeRecord } from "../model/head-state.js";
import type { IssueComment } from "../model/snapshot.js";
import { isBotActor } from "./bots.js";
import { parseCommands } from "./commands.js";

/** The revokes written in `comments` by people (not bots). */
export function revokeRecords(comments: IssueComment[]): RevokeRecord[] {
  return comments.flatMap((comment) => {
    const author = comment.author;
    if (!author || isBotActor(author)) return [];
    return parseCommands(comment.body).flatMap((command) =>
      command.name === "revoke"
        ? [{ id: comment.databaseId, by: author.login, of: command.target, at: comment.createdAt }]
        : [],
    );
  });
}
