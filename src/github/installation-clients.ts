/**
 * One GitHub client per installation, throttled per installation.
 *
 * Probot 14 builds each event's `context.octokit` from the app's own options,
 * which carry no throttle id, so every installation shares one write limiter
 * (plugin-throttling's "no-id" key): one second per write (GraphQL counts as
 * one) across all organisations, so one busy organisation delays every
 * other's checks. `app.auth(id)` keys the throttle by installation, as
 * GitHub's limits are (SPEC §9). Tokens refresh themselves, so a client lives
 * as long as the process.
 */
import type { Context } from "probot";

export type InstallationClient = Context["octokit"];

export class InstallationClients {
  readonly #clients = new Map<number, Promise<InstallationClient>>();

  constructor(private readonly auth: (installationId: number) => Promise<InstallationClient>) {}

  get(installationId: number): Promise<InstallationClient> {
    let client = this.#clients.get(installationId);
    if (!client) {
      client = this.auth(installationId);
      // A failed authentication is retried by the next event, not cached.
      client.catch(() => this.#clients.delete(installationId));
      this.#clients.set(installationId, client);
    }
    return client;
  }

  /** `context` with its `octokit` replaced by its installation's client (unchanged without one). */
  async adopt<C extends { payload: unknown; octokit: InstallationClient }>(context: C): Promise<C> {
    const id = (context.payload as { installation?: { id?: number } }).installation?.id;
    if (id) context.octokit = await this.get(id);
    return context;
  }
}
