/** The Octokit instance Probot hands to handlers (REST methods, `graphql`, `request`). */
import type { Context } from "probot";

export type GitHubClient = Context["octokit"];
