/**
 * The GitHub double in its own process, and the sender of the webhooks, so
 * the benchmark's CPU and memory figures are the app's alone. Prints one
 * JSON line {host, scenarios}, then answers commands on stdin, a JSON line
 * each: `calls` (request counts and the double's CPU since the last ask),
 * `send <url> <secret> <concurrency> <repo> <n>,<n>,…` (a signed
 * `pull_request.synchronize` per PR, that many at once: the latency of
 * each and the wall time), `quit`.
 */
import { sign } from "@octokit/webhooks-methods";
import { startGitHubDouble } from "../test/support/github-double.js";
import { payloadFor } from "../test/support/webhooks.js";
import { largest, ordinary } from "./scenarios.js";

const publicKey = process.env.BENCH_PUBLIC_KEY ?? "";
const gh = await startGitHubDouble({ appId: 4242, publicKey });
const scenarios = {
  ordinary: ordinary(gh, Number(process.env.BENCH_ORDINARY ?? 500)),
  largest: largest(gh, Number(process.env.BENCH_LARGEST ?? 5)),
};
// The double serves only GitHub's routes; counts travel over stdin/stdout.
let cpuSince = process.cpuUsage();
process.stdin.on("data", (chunk) => {
  for (const line of chunk.toString().split("\n").filter(Boolean)) {
    if (line === "calls") {
      const calls = gh.apiCalls();
      const cpu = process.cpuUsage(cpuSince);
      cpuSince = process.cpuUsage();
      const byKind = (pred: (r: (typeof calls)[number]) => boolean) => calls.filter(pred).length;
      process.stdout.write(
        `${JSON.stringify({
          graphql: byKind((r) => r.path === "/api/graphql"),
          restReads: byKind((r) => r.path !== "/api/graphql" && r.method === "GET"),
          writes: byKind((r) => r.path !== "/api/graphql" && r.method !== "GET"),
          total: calls.length,
          cpuMs: (cpu.user + cpu.system) / 1000,
        })}\n`,
      );
      gh.clearRequests();
    }
    const load = /^send (\S+) (\S+) (\d+) (\S+) ([\d,]+)$/.exec(line);
    if (load) {
      const [, url, secret, concurrency, repo, numbers] = load;
      void sendAll(url!, secret!, Number(concurrency), repo!, numbers!.split(",").map(Number)).then(
        (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
        (err: unknown) => process.stdout.write(`${JSON.stringify({ error: String(err) })}\n`),
      );
    }
    if (line === "quit") void gh.close().then(() => process.exit(0));
  }
});
process.stdout.write(`${JSON.stringify({ host: gh.host, scenarios })}\n`);

/** Payloads are built and signed before the clock starts: only the webhook round trips are timed. */
async function sendAll(
  url: string,
  secret: string,
  concurrency: number,
  repo: string,
  numbers: number[],
): Promise<{ latencies: number[]; wallMs: number }> {
  const queue = await Promise.all(
    numbers.map(async (n) => {
      const body = JSON.stringify(payloadFor(gh, "pull_request", "synchronize", repo, n));
      return { body, signature: await sign(secret, body) };
    }),
  );
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const sent = performance.now();
        const res = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-github-event": "pull_request",
            "x-github-delivery": crypto.randomUUID(),
            "x-hub-signature-256": next.signature,
          },
          body: next.body,
        });
        await res.text();
        if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}
