import {
  type InstallationClient,
  InstallationClients,
} from "../../src/github/installation-clients.js";

const client = (name: string) => ({ name }) as unknown as InstallationClient;

describe("InstallationClients", () => {
  it("authenticates each installation once and keeps its client", async () => {
    const calls: number[] = [];
    const clients = new InstallationClients(async (id) => {
      calls.push(id);
      return client(`client-${id}`);
    });
    const a = await clients.get(1);
    expect(await clients.get(1)).toBe(a);
    expect(await clients.get(2)).not.toBe(a);
    expect(calls).toEqual([1, 2]);
  });

  it("retries an installation whose authentication failed", async () => {
    let fail = true;
    const clients = new InstallationClients(async () => {
      if (fail) throw new Error("GitHub is down");
      return client("ok");
    });
    await expect(clients.get(7)).rejects.toThrow("GitHub is down");
    fail = false;
    expect(await clients.get(7)).toEqual({ name: "ok" });
  });

  it("gives a context its installation's client, and leaves one without an installation alone", async () => {
    const clients = new InstallationClients(async (id) => client(`client-${id}`));
    const probots = client("probot's");
    const withInstallation = { payload: { installation: { id: 5 } }, octokit: probots };
    expect((await clients.adopt(withInstallation)).octokit).toEqual({ name: "client-5" });
    const without = { payload: {}, octokit: probots };
    expect((await clients.adopt(without)).octokit).toBe(probots);
  });
});
