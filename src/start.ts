/**
 * `npm start` and the image's command: `node lib/start.js` (see
 * `runtime/server.ts`). With a command word it is the CLI instead, so the
 * image serves both: `docker run --rm -v "$PWD:/repo" -w /repo IMAGE validate`
 * (SPEC §11).
 */
const CLI_WORDS = new Set(["validate", "scan", "explain", "help", "--help", "-h", "--version"]);

if (CLI_WORDS.has(process.argv[2] ?? "")) {
  await import("./cli/main.js"); // runs the command with process.argv
} else {
  const { applyHeapFlags } = await import("./runtime/heap-flags.js");
  applyHeapFlags();
  const { default: countersign } = await import("./index.js");
  const { main } = await import("./runtime/server.js");
  main(countersign).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
