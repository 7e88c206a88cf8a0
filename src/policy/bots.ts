/**
 * Whether an account is a bot (GitHub counts no bot's approval, and bots'
 * comments are never commands). GraphQL gives Copilot's agent as a `Bot`
 * named `Copilot`, without the `[bot]` suffix: check the type too.
 */
import type { Actor } from "../model/snapshot.js";

export function isBotLogin(login: string, type?: string): boolean {
  return type === "Bot" || login.toLowerCase().endsWith("[bot]");
}

export function isBotActor(actor: Actor): boolean {
  return isBotLogin(actor.login, actor.type);
}
