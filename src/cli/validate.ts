/**
 * `countersign validate [FILE]` (SPEC §10): checks a config file against the
 * schema, one `FILE:LINE: path: message` line per error, for pre-commit
 * hooks and CI. Exit 0 valid, 1 invalid, 2 when it could not run at all.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { extendsValue, malformedExtends, withoutExtends } from "../policy/config-extends.js";
import { parseConfigFile, validateConfig } from "../policy/config-parse.js";
import { CONFIG_PATH } from "../policy/config-schema.js";
import type { ConfigError } from "../policy/decision.js";
import type { BlobFile } from "../policy/snapshot.js";

export interface CliIo {
  cwd: string;
  /** Writes one line (a trailing newline is added when missing). */
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const VALIDATE_USAGE = `usage: countersign validate [FILE]
  Checks a Countersign configuration file (default ${CONFIG_PATH}) and prints
  each error as FILE:LINE: key.path: message. Exit 0 valid, 1 invalid, 2 on usage errors.`;

export async function runValidate(args: string[], io: CliIo): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(VALIDATE_USAGE);
    return 0;
  }
  if (args.length > 1 || args.some((a) => a.startsWith("-"))) {
    io.stderr(
      `countersign validate: unexpected argument ${args.find((a) => a.startsWith("-")) ?? args[1]}`,
    );
    io.stderr(VALIDATE_USAGE);
    return 2;
  }
  const name = args[0] ?? CONFIG_PATH;
  const text = await readText(resolve(io.cwd, name), name, args.length === 0, io);
  if (text === null) return 2;
  const errors = validateLocal({ source: name, path: name, oid: "", text }, io);
  for (const error of errors) io.stdout(formatError(error));
  if (errors.length > 0) return 1;
  io.stdout(`${name}: valid`);
  return 0;
}

async function readText(
  path: string,
  name: string,
  isDefault: boolean,
  io: CliIo,
): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : (e as Error).message;
    const hint = isDefault
      ? " (run this in the repository's root, or pass the file: countersign validate FILE)"
      : "";
    io.stderr(`countersign validate: cannot read ${name}: ${why}${hint}`);
    return null;
  }
}

/** Validates the file on its own: `_extends` names a file on GitHub, which is not fetched from here. */
function validateLocal(file: BlobFile, io: CliIo): ConfigError[] {
  const parsed = parseConfigFile(file);
  if (!parsed.raw) return parsed.errors;
  const value = extendsValue(parsed.raw);
  const malformed = value === undefined ? null : malformedExtends(file, value);
  if (malformed) return [malformed, ...validateConfig(withoutExtends(parsed.raw), [file]).errors];
  if (value !== undefined) {
    io.stderr(
      `note: ${file.source}: \`_extends: ${value}\` was not followed (it is read from GitHub); validated this file alone`,
    );
  }
  return validateConfig(withoutExtends(parsed.raw), [file]).errors;
}

/** `FILE:LINE: path: message`, leaving out the parts an error does not have. */
export function formatError(error: ConfigError): string {
  const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
  return error.path ? `${where}: ${error.path}: ${error.message}` : `${where}: ${error.message}`;
}
