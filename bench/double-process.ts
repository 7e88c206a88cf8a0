/**
 * The GitHub double in its own process, so the benchmark's CPU and memory
 * figures are the app's alone. Prints one JSON line {host, scenarios}, then
 * answers commands on stdin: `calls` (request counts since the last ask),
 * `payload <repo> <n>` (a webhook payload from the model), `quit`.
 */
import { startGitHubDouble } from "../test/support/github-double.js";
import { payloadFor } from "../test/support/webhooks.js";
import { largest, ordinary } from "./scenarios.js";

const publicKey = process.env.BENCH_PUBLIC_KEY ?? "";
const gh = await startGitHubDouble({ appId: 4242, publicKey });
const scenarios = {
  ordinary: ordinary(gh, Number(process.env.BENCH_ORDINARY ?? 60)),
  largest: largest(gh, Number(process.env.BENCH_LARGEST ?? 5)),
};
// The double serves only GitHub's routes; counts travel over stdin/stdout.
process.stdin.on("data", (chunk) => {
  for (const line of chunk.toString().split("\n").filter(Boolean)) {
    if (line === "calls") {
      const calls = gh.apiCalls();
      const byKind = (pred: (r: (typeof calls)[number]) => boolean) => calls.filter(pred).length;
      process.stdout.write(
        `${JSON.stringify({
          graphql: byKind((r) => r.path === "/api/graphql"),
          restReads: byKind((r) => r.path !== "/api/graphql" && r.method === "GET"),
          writes: byKind((r) => r.path !== "/api/graphql" && r.method !== "GET"),
          total: calls.length,
        })}\n`,
      );
      gh.clearRequests();
    }
    const payload = /^payload (\S+) (\d+)$/.exec(line);
    if (payload) {
      const body = payloadFor(gh, "pull_request", "synchronize", payload[1]!, Number(payload[2]));
      process.stdout.write(`${JSON.stringify(body)}\n`);
    }
    if (line === "quit") void gh.close().then(() => process.exit(0));
  }
});
process.stdout.write(`${JSON.stringify({ host: gh.host, scenarios })}\n`);
