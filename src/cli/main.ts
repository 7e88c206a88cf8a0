#!/usr/bin/env node
/**
 * The `countersign` command (SPEC §11): `validate`, `scan`, `explain`.
 * Each command is `run*(args, io) → exit code`, so tests drive them without a process.
 */
import { readFileSync } from "node:fs";
import { runExplain } from "./explain.js";
import { runScan } from "./scan.js";
import { type CliIo, runValidate } from "./validate.js";

const USAGE = `usage: countersign <command> [arguments]

commands:
  validate [FILE] [--strict]
                         check a configuration file (default .github/countersign.yml)
                         against the schema; prints FILE:LINE: key.path: message, exit 1 on
                         errors; warnings too (exit 1 with --strict)
  scan [RANGE]           list the AI evidence in the commits of RANGE in this git checkout
                         (default origin/HEAD..HEAD)
  explain OWNER/REPO#N | PR-URL
                         print the verdict and explanation the check run would show for a
                         pull request, writing nothing to GitHub (needs GITHUB_TOKEN)

Run countersign <command> --help for more about a command; --version prints the version.`;

/** The package's version, from the package.json two levels above src/cli or lib/cli. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return String(pkg.version);
}

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  validate: runValidate,
  scan: runScan,
  explain: runExplain,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  // `--version` means the same after every command (and before none).
  if (
    command === "--version" ||
    (command !== undefined && Object.hasOwn(COMMANDS, command) && args.includes("--version"))
  ) {
    io.stdout(`countersign ${version()}`);
    return 0;
  }
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.stdout(USAGE);
    return 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    io.stderr(`countersign: unknown command "${command}"`);
    io.stderr(USAGE);
    return 2;
  }
  return run(args, io);
}

/** Each call writes one line; a trailing newline is added when the text has none. */
function lineWriter(stream: NodeJS.WriteStream): (s: string) => void {
  return (s) => {
    stream.write(s.endsWith("\n") ? s : `${s}\n`);
  };
}

const io: CliIo = {
  cwd: process.cwd(),
  stdout: lineWriter(process.stdout),
  stderr: lineWriter(process.stderr),
};
try {
  process.exitCode = await main(process.argv.slice(2), io);
} catch (e) {
  // A bug or an unexpected failure: say what happened, without a stack trace for users.
  io.stderr(`countersign: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}
