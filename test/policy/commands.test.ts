import { type Command, parseCommands } from "../../src/policy/commands.js";

const cases: [string, string, Command[]][] = [
  [
    "plain override",
    "/countersign override hotfix for outage",
    [{ name: "override", reason: "hotfix for outage", line: 1 }],
  ],
  [
    "reason trimmed",
    "/countersign override    hotfix   ",
    [{ name: "override", reason: "hotfix", line: 1 }],
  ],
  ["override without reason", "/countersign override", [{ name: "override", reason: "", line: 1 }]],
  ["bare word is help", "/countersign", [{ name: "help", line: 1 }]],
  ["bare word with trailing space", "/countersign  ", [{ name: "help", line: 1 }]],
  ["revoke", "/countersign revoke", [{ name: "revoke", target: null, line: 1 }]],
  [
    "revoke someone else's",
    "/countersign revoke @Alice-1",
    [{ name: "revoke", target: "Alice-1", line: 1 }],
  ],
  [
    "revoke with a word that is no login is one's own",
    "/countersign revoke please",
    [{ name: "revoke", target: null, line: 1 }],
  ],
  ["recheck with extra words", "/countersign recheck please", [{ name: "recheck", line: 1 }]],
  ["help", "/countersign help", [{ name: "help", line: 1 }]],
  [
    "unknown keeps its spelling",
    "/countersign Approve now",
    [{ name: "unknown", word: "Approve", line: 1 }],
  ],
  [
    "case-insensitive word and sub-command",
    "/CounterSign OVERRIDE Hotfix",
    [{ name: "override", reason: "Hotfix", line: 1 }],
  ],
  ["up to three leading spaces", "   /countersign recheck", [{ name: "recheck", line: 1 }]],
  [
    "tab between word and sub-command",
    "/countersign\toverride\tx",
    [{ name: "override", reason: "x", line: 1 }],
  ],
  ["four spaces is indented code", "    /countersign recheck", []],
  ["a tab is indented code", "\t/countersign recheck", []],
  ["not at line start", "please /countersign override x", []],
  ["longer word is not the command", "/countersigned override x", []],
  ["other slash command", "/approve", []],
  ["quoted", "> /countersign override x", []],
  ["quoted without space", ">/countersign override x", []],
  ["nested quote", "> > /countersign override x", []],
  ["indented quote", "  > /countersign override x", []],
  ["backtick fence", "```\n/countersign override x\n```", []],
  ["tilde fence with info string", "~~~ text\n/countersign override x\n~~~", []],
  ["backtick fence with info string", "```sh\n/countersign override x\n```", []],
  ["unclosed fence runs to the end", "```\n/countersign override x\n\n/countersign revoke", []],
  [
    "shorter closing run does not close",
    "````\n```\n/countersign override x\n````\n/countersign recheck",
    [{ name: "recheck", line: 5 }],
  ],
  [
    "other fence character does not close",
    "~~~\n```\n/countersign override x\n~~~\n/countersign recheck",
    [{ name: "recheck", line: 5 }],
  ],
  [
    "after a closed fence commands count again",
    "```\ncode\n```\n/countersign override after fence",
    [{ name: "override", reason: "after fence", line: 4 }],
  ],
  [
    "inline code is not a fence",
    "``` `x` ```\n/countersign recheck",
    [{ name: "recheck", line: 2 }],
  ],
  [
    "several commands, each on its line",
    "Looks risky but needed.\n/countersign override hotfix\nthanks\n/countersign recheck",
    [
      { name: "override", reason: "hotfix", line: 2 },
      { name: "recheck", line: 4 },
    ],
  ],
  [
    "CRLF line endings",
    "hi\r\n/countersign override outage\r\n/countersign revoke\r\n",
    [
      { name: "override", reason: "outage", line: 2 },
      { name: "revoke", target: null, line: 3 },
    ],
  ],
  [
    "quote then own command",
    "> /countersign override theirs\n\n/countersign override mine",
    [{ name: "override", reason: "mine", line: 3 }],
  ],
  ["empty body", "", []],
];

describe("parseCommands", () => {
  it.each(cases)("%s", (_name, body, expected) => {
    expect(parseCommands(body)).toEqual(expected);
  });
});

const X = "/countersign override x";
/** `X` as parsed, at the given line. */
const at = (line: number): Command[] => [{ name: "override", reason: "x", line }];

/** Hidden lines an attacker might try (issue #8), and the visible ones around them. */
const hidden: [string, string, Command[]][] = [
  ["comment block", `<!--\n${X}\n-->`, []],
  ["comment block, indented 3", `   <!--\n${X}\n-->`, []],
  ["one-line comment, then a command", `<!-- note -->\n${X}`, at(2)],
  ["comment block ends at the line with -->", `<!--\nhidden\nstill --> shown\n${X}`, at(4)],
  ["<!--> is a whole comment", `<!-->\n${X}`, at(2)],
  ["unterminated comment runs to the end", `<!--\n\n\n${X}`, []],
  ["comment opened mid-line", `please look <!--\n${X}\n-->`, []],
  [
    "comment opened mid-line, closed mid-line",
    `a <!--\n${X}\n--> b\n/countersign recheck`,
    [{ name: "recheck", line: 4 }],
  ],
  ["comment reopened on its closing line", `<!--\n--> <!--\n${X}\n-->`, []],
  ["reopened and left open after the block", `<!-- a --> <!-- b\n\n${X}`, []],
  ["comment interrupting a paragraph", `hello\n<!--\n${X}\n-->`, []],
  [
    "comment spanning blank lines",
    `<!--\n\n${X}\n\n-->\n/countersign revoke`,
    [{ name: "revoke", target: null, line: 6 }],
  ],
  ["code fence inside a comment does not open", `<!--\n\`\`\`\n-->\n${X}`, at(4)],
  ["comment inside a code fence is code", `\`\`\`\n<!--\n\`\`\`\n${X}`, at(4)],
  ["comment in indented code is code", `    <!--\n\n${X}`, at(3)],
  ["comment in a quote left open hides the rest", `> <!--\n\n${X}`, []],
  ["CRLF comment", `<!--\r\n${X}\r\n-->\r\n/countersign recheck`, [{ name: "recheck", line: 4 }]],
  ["CR-only line endings", `<!--\r${X}\r-->`, []],
  ["tag attribute spanning lines", `see <span title="\n${X}\n">x</span>`, []],
  ["unclosed tag in a paragraph is text", `a <b\n\n${X}`, at(3)],
  ["raw HTML block left open hides the rest", `<div title='\n\n${X}`, []],
  ["raw HTML block", `<div>\n${X}\n</div>`, []],
  ["after an HTML block ends at a blank line", `<div>\n\n${X}`, at(3)],
  [
    "style element",
    `<style>\n${X}\n</style>\n\n/countersign recheck`,
    [{ name: "recheck", line: 5 }],
  ],
  ["script element", `<script>\n\n${X}\n</script>`, []],
  ["processing instruction left open", `<?x ?> <!--\n-->\n${X}`, []],
  ["lazy continuation of a quote", `> quoted\n${X}`, []],
  ["lazy continuation, several lines", `> quoted\nmore\n${X}`, []],
  ["lazy continuation of a nested quote", `> > quoted\n${X}`, []],
  ["quote without a space", `>quoted\n${X}`, []],
  ["quote with a tab", `>\tquoted\n${X}`, []],
  ["quote in a list item", `- > quoted\n${X}`, []],
  ["indented quote", `  > quoted\n${X}`, []],
  ["quote ends at a blank line", `> quoted\n\n${X}`, at(3)],
  ["quote ends at a blank quote line", `> quoted\n>\n${X}`, at(3)],
  ["quote ends at CRLF blank line", `> quoted\r\n\r\n${X}`, at(3)],
  ["a fence in a quote does not continue lazily", `> \`\`\`\n${X}`, at(2)],
  ["a fence open in a quote hides its lines", `> \`\`\`\n> ${X}\n> \`\`\``, []],
  ["a heading in a quote does not continue lazily", `> # title\n${X}`, at(2)],
  ["indented code in a quote does not continue lazily", `>     code\n${X}`, at(2)],
  [
    "a fence after a quote ends it",
    `> quoted\n\`\`\`\n${X}\n\`\`\`\n/countersign recheck`,
    [{ name: "recheck", line: 5 }],
  ],
  ["a fence after a paragraph", `text\n\`\`\`\n${X}`, []],
  ["mid-line comment then a fence: hidden", `a <!--\n\`\`\`\n-->\n${X}`, []],
  ["Unicode line separator is not a line break", `hi\u2028${X}`, []],
  ["no-break space after the word", "/countersign\u00a0override x", []],
  ["no-break space before the reason", "/countersign override\u00a0x", []],
];

describe("parseCommands: hidden and quoted lines", () => {
  it.each(hidden)("%s", (_name, body, expected) => {
    expect(parseCommands(body)).toEqual(expected);
  });

  it("reads a command after 100,000 quote markers and comment openers", () => {
    const body = `${"> ".repeat(100_000)}\n${"<!-- -->".repeat(20_000)}\n\n${X}`;
    expect(parseCommands(body)).toEqual(at(4));
  });
});
