/**
 * `countersign validate [FILE] [--strict]` (SPEC §11): checks a config file
 * against the schema, one `FILE:LINE: path: message` line per error, then
 * warns where a valid file does something its author rarely means
 * (`FILE:LINE: path: warning: message`), for pre-commit hooks and CI.
 * Exit 0 valid (warnings or not), 1 invalid (or warnings with --strict),
 * 2 when it could not run at all.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CONFIG_PATH } from "../model/config-schema.js";
import type { ConfigError } from "../model/decision.js";
import type { BlobFile } from "../model/snapshot.js";
import { extendsValue, malformedExtends, withoutExtends } from "../policy/config-extends.js";
import { parseConfigFile, validateConfig } from "../policy/config-parse.js";
import { configWarnings } from "../policy/config-warnings.js";

export interface CliIo {
  cwd: string;
  /** Writes one line (a trailing newline is added when missing). */
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const VALIDATE_USAGE = `usage: countersign validate [FILE] [--strict]
  Checks a Countersign configuration file (default ${CONFIG_PATH}) and prints
  each error as FILE:LINE: key.path: message, then each warning (a valid file
  doing something rarely meant) as FILE:LINE: key.path: warning: message.
  An _extends is not followed (it names a file on GitHub): the file is checked alone.
  Exit 0 valid, 1 invalid (or any warning with --strict), 2 on usage or read errors.`;

export async function runValidate(args: string[], io: CliIo): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout(VALIDATE_USAGE);
    return 0;
  }
  const strict = args.includes("--strict");
  const files = args.filter((a) => a !== "--strict");
  const option = files.find((a) => a.startsWith("-"));
  if (files.length > 1 || option) {
    io.stderr(`countersign validate: unexpected argument ${option ?? files[1]}`);
    io.stderr(VALIDATE_USAGE);
    return 2;
  }
  const name = files[0] ?? CONFIG_PATH;
  const text = await readText(resolve(io.cwd, name), name, files.length === 0, io);
  if (text === null) return 2;
  const { errors, warnings } = validateLocal({ source: name, path: name, oid: "", text }, io);
  for (const error of errors) io.stdout(formatError(error));
  if (errors.length > 0) return 1;
  for (const warning of warnings)
    io.stdout(formatError({ ...warning, message: `warning: ${warning.message}` }));
  const n = warnings.length;
  io.stdout(n === 0 ? `${name}: valid` : `${name}: valid, with ${n} warning${n === 1 ? "" : "s"}`);
  return strict && n > 0 ? 1 : 0;
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
function validateLocal(
  file: BlobFile,
  io: CliIo,
): { errors: ConfigError[]; warnings: ConfigError[] } {
  const parsed = parseConfigFile(file);
  if (!parsed.raw) return { errors: parsed.errors, warnings: [] };
  const value = extendsValue(parsed.raw);
  const malformed = value === undefined ? null : malformedExtends(file, value);
  const own = withoutExtends(parsed.raw);
  const { config, errors } = validateConfig(own, [file]);
  if (malformed) return { errors: [malformed, ...errors], warnings: [] };
  if (value !== undefined) {
    io.stderr(
      `note: ${file.source}: \`_extends: ${value}\` was not followed (it is read from GitHub); validated this file alone`,
    );
  }
  if (!config) return { errors, warnings: [] };
  return { errors, warnings: configWarnings(own, config, file) };
}

/** `FILE:LINE: path: message`, leaving out the parts an error does not have. */
export function formatError(error: ConfigError): string {
  const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
  return error.path ? `${where}: ${error.path}: ${error.message}` : `${where}: ${error.message}`;
}
