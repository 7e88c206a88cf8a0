/**
 * `.github/countersign.yml`, as zod schemas (SPEC §2). Every key has a
 * description (it lands in the generated JSON Schema for editors) and a
 * default; unknown keys are rejected. `npm run schema` regenerates
 * `schema/countersign.schema.json` from this file.
 */
import { z } from "zod";

/** `@user` or `@org/team`, as in CODEOWNERS. */
const principal = z
  .string()
  .regex(/^@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9._-]+)?$/, {
    message: 'expected "@user" or "@org/team"',
  })
  .describe('A GitHub user ("@user") or team ("@org/team").');

const glob = z.string().min(1).describe("A gitignore-style glob, as in CODEOWNERS.");

/** SPEC §2's default `ai.label`. */
export const DEFAULT_AI_LABEL = "ai-assisted";

export const aiSchema = z
  .strictObject({
    label: z
      .string()
      .min(1)
      .max(50)
      .default(DEFAULT_AI_LABEL)
      .describe("Label applied to AI-authored pull requests."),
    builtin: z
      .boolean()
      .default(true)
      .describe("Use the built-in catalog of AI tools (logins, emails, trailers, markers)."),
    bots: z
      .array(z.string().min(1))
      .default([])
      .describe('More logins counted as AI agents, e.g. "acme-agent[bot]".'),
    co_authors: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'More identities in Co-authored-by trailers or commit emails: "Name <email>", "email" or "*@agents.acme.com".',
      ),
    trailers: z
      .array(
        z.string().regex(/^[A-Za-z0-9-]+$/, { message: "a trailer key is letters, digits and -" }),
      )
      .default([])
      .describe('More trailer keys whose presence marks AI help, e.g. "AI-Tool".'),
    markers: z
      .array(z.string().min(1))
      .default([])
      .describe("More case-insensitive phrases in the PR body or commit messages."),
  })
  .describe("How AI-authored pull requests are recognised and labelled.");

export const serviceSchema = z
  .strictObject({
    name: z.string().min(1).describe("The service's name, shown in the check."),
    paths: z
      .array(glob)
      .min(1)
      .describe("Files of the service: gitignore-style globs, as in CODEOWNERS."),
    tags: z
      .array(z.string().min(1))
      .default([])
      .describe('Tags such as "critical" that rules select on.'),
  })
  .describe("A path-scoped service inside this repository.");

export const ruleSchema = z
  .strictObject({
    name: z.string().min(1).describe("The rule's name, shown in the check."),
    if: z
      .strictObject({
        services_tagged: z
          .array(z.string().min(1))
          .min(1)
          .optional()
          .describe("Holds when the PR changes a file of a service carrying one of these tags."),
        ai_assisted: z
          .boolean()
          .optional()
          .describe("Holds when the PR's AI verdict equals this value."),
        paths: z
          .array(glob)
          .min(1)
          .optional()
          .describe("Holds when the PR changes a file matching one of these globs."),
        base_branches: z
          .array(z.string().min(1))
          .min(1)
          .optional()
          .describe("Holds when the PR targets one of these branches (globs, * within a segment)."),
      })
      .prefault({})
      .describe("Conditions; every condition given must hold. An empty `if` always holds."),
    require: z
      .strictObject({
        approvals: z.number().int().min(0).max(20).default(0).describe("Approvals needed."),
        from: z
          .union([z.enum(["code_owners", "any"]), z.array(principal).min(1)])
          .default("code_owners")
          .describe(
            "Whose approvals count: code_owners (of each covered file), any (anyone with write access), or a list of users and teams.",
          ),
        design_doc: z.boolean().default(false).describe("Whether the PR must link a design doc."),
      })
      .prefault({})
      .describe("What the rule requires."),
  })
  .describe("A rule: when its `if` holds, its `require` must be met.");

export const DEFAULT_RULES: z.input<typeof ruleSchema>[] = [
  {
    name: "critical-services",
    if: { services_tagged: ["critical"] },
    require: { approvals: 2, from: "code_owners", design_doc: true },
  },
  {
    name: "ai-assisted",
    if: { ai_assisted: true },
    require: { approvals: 1, from: "code_owners" },
  },
];

export const configSchema = z
  .strictObject({
    _extends: z
      .string()
      .min(1)
      .optional()
      .describe('Inherit another file: "repo", "owner/repo" or "repo:path.yml" (Probot\'s forms).'),
    mode: z
      .enum(["enforce", "report"])
      .default("enforce")
      .describe(
        "enforce: unmet rules fail the check. report: the check concludes neutral, never failure.",
      ),
    ai: aiSchema.prefault({}),
    services: z
      .array(serviceSchema)
      .default([])
      .describe("Path-scoped services inside this repository."),
    repository_tags_property: z
      .string()
      .min(1)
      .default("criticality")
      .describe(
        'A repository custom property; a repository whose value is "critical" is one critical service as a whole.',
      ),
    rules: z
      .array(ruleSchema)
      .prefault(DEFAULT_RULES)
      .describe("Every rule whose `if` holds must be met."),
    design_doc: z
      .strictObject({
        paths: z
          .array(glob)
          .default(["docs/design/**", "**/*.design.md", "adr/**"])
          .describe("Repository files a PR may link (must exist on the base branch or in the PR)."),
        urls: z
          .array(z.string().min(1))
          .default([])
          .describe('URL globs accepted, e.g. "https://docs.google.com/document/**".'),
      })
      .prefault({})
      .describe("What counts as a design doc."),
    approvals: z
      .strictObject({
        dismiss_on_push: z
          .boolean()
          .default(true)
          .describe("An approval counts only for the head commit it was given on."),
        block_on_changes_requested: z
          .boolean()
          .default(true)
          .describe(
            "A standing changes-requested review from an owner the rule draws on fails it.",
          ),
      })
      .prefault({})
      .describe("Which approvals count."),
    overrides: z
      .strictObject({
        allowed: z
          .array(principal)
          .default([])
          .describe('Who may override: "@user" or "@org/team"; empty means repository admins.'),
        require_reason: z.boolean().default(true).describe("An override must give a reason."),
        approvals_needed: z
          .number()
          .int()
          .min(1)
          .max(5)
          .default(1)
          .describe(
            "How many different people must override (2 makes an override need two people).",
          ),
      })
      .prefault({})
      .describe("Who can override the verdict with `/countersign override <reason>`."),
  })
  .describe("Countersign's policy file, .github/countersign.yml.");

export type Config = z.output<typeof configSchema>;
export type Rule = z.output<typeof ruleSchema>;
export type Service = z.output<typeof serviceSchema>;

/** The service that is always on and always critical: the files that define the policy itself. */
export const REVIEW_POLICY_SERVICE: Service = {
  name: "review-policy",
  paths: ["/.github/countersign.yml", "/CODEOWNERS", "/.github/CODEOWNERS", "/docs/CODEOWNERS"],
  tags: ["critical"],
};

export const CONFIG_PATH = ".github/countersign.yml";

export function defaultConfig(): Config {
  return configSchema.parse({});
}
