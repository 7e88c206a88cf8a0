/**
 * The JSON Schema of `.github/countersign.yml` for editors (SPEC §2),
 * generated from the zod schema so the two cannot disagree.
 * `npm run schema` writes it to `schema/countersign.schema.json`; a test
 * fails when that file is stale.
 */
import { z } from "zod";
import { configSchema } from "../model/config-schema.js";

export const SCHEMA_FILE = "schema/countersign.schema.json";
/**
 * A URN, not a URL: the project has no published home yet, and an invented
 * domain could be registered by someone else. Swap in the published URL once
 * there is one (and regenerate).
 */
export const SCHEMA_ID = "urn:countersign:config-schema:1";

export function renderJsonSchema(): string {
  // Draft-07: the draft editors' YAML support (yaml-language-server) handles best.
  // io "input" describes what a user may write: keys with defaults are optional
  // and carry their `default`; "output" would mark every defaulted key required.
  const generated = z.toJSONSchema(configSchema, { io: "input", target: "draft-7" }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = generated;
  const schema = {
    $schema,
    $id: SCHEMA_ID,
    title: "Countersign configuration (.github/countersign.yml)",
    ...rest,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
