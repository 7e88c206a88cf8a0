import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderJsonSchema, SCHEMA_FILE } from "../../src/policy/json-schema.js";

const path = fileURLToPath(new URL(`../../${SCHEMA_FILE}`, import.meta.url));

describe("schema/countersign.schema.json", () => {
  it("is up to date with the zod schema", () => {
    const onDisk = readFileSync(path, "utf8");
    if (onDisk !== renderJsonSchema()) {
      throw new Error(`${SCHEMA_FILE} is stale: run \`npm run schema\` and commit the result`);
    }
  });

  it("gives editors descriptions and defaults, and no required keys but a rule's name", () => {
    const schema = JSON.parse(renderJsonSchema());
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.$id).toEqual(expect.any(String));
    expect(schema.title).toMatch(/Countersign/);
    expect(schema.required).toBeUndefined();
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.mode).toMatchObject({
      default: "enforce",
      description: expect.any(String),
    });
    expect(schema.properties.ai.properties.label).toMatchObject({ default: "ai-assisted" });
    expect(schema.properties.rules.items.required).toEqual(["name"]);
  });
});
