/** What the renderer needs besides the Decision: where the PR lives, for links and hints. */
export interface RenderContext {
  owner: string;
  repo: string;
  number: number;
  /** The app's slug, for the footer's link to the app page. */
  appSlug?: string;
  /** `https://github.com` unless GitHub Enterprise (`GHE_HOST`): commit links point here. */
  serverUrl?: string;
  /** `design_doc.paths` and `design_doc.urls` from the configuration, to tell the author what is accepted. */
  designDoc?: { paths: string[]; urls: string[] };
}

/** A rendered section: lines for the summary, and longer lines for `text` (empty when nothing was shortened). */
export interface Section {
  summary: string[];
  details: string[];
}

export function explainCommand(ctx: RenderContext): string {
  return `\`npx countersign explain ${ctx.owner}/${ctx.repo}#${ctx.number}\``;
}
