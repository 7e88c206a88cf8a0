/** `npm run schema`: writes schema/countersign.schema.json from the zod schema. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderJsonSchema, SCHEMA_FILE } from "../src/policy/json-schema.js";

const target = fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url));
writeFileSync(target, renderJsonSchema());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
