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
