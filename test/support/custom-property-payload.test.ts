import { createRequire } from "node:module";
import { GitHubModel } from "./double/model.js";
import { payloadFor } from "./webhooks.js";

const description = createRequire(import.meta.url)(
  "@octokit/openapi-webhooks/generated/api.github.com.json",
) as {
  components: { schemas: Record<string, { required?: string[]; properties?: object }> };
};

describe("custom_property_values payloads", () => {
  it("carry every key GitHub's webhook OpenAPI description requires", () => {
    const m = new GitHubModel({ appId: 1 });
    const repo = m.addRepo({ owner: "acme", ownerType: "Organization", name: "api" } as never);
    m.setCustomProperties(repo, { criticality: "critical" });
    const payload = payloadFor(m, "custom_property_values", "updated", repo, null);
    const schema = description.components.schemas["webhook-custom-property-values-updated"]!;
    for (const key of schema.required ?? []) expect(payload).toHaveProperty(key);
    expect(payload["new_property_values"]).toEqual([
      { property_name: "criticality", value: "critical" },
    ]);
    const value = description.components.schemas["custom-property-value"]!;
    expect(Object.keys(value.properties ?? {})).toEqual(
      expect.arrayContaining(["property_name", "value"]),
    );
  });
});
