/**
 * parseTrailers on the pieces git's trailer.c treats specially. Every expected
 * value is written by hand; each agrees with `git interpret-trailers --parse`
 * (git 2.39), which trailers-git.test.ts checks on generated messages.
 */
import {
  formatTrailers,
  normalizeKey,
  parseTrailers,
  trailerValues,
} from "../../src/ai/trailers.js";

const CUT = "# ------------------------ >8 ------------------------";
const CLAUDE = "Claude <noreply@anthropic.com>";

interface Case {
  name: string;
  message: string;
  expected: [key: string, value: string][];
}

const cases: Case[] = [
  // Which paragraph
  {
    name: "last paragraph",
    message: `Fix\n\nCo-authored-by: ${CLAUDE}\n`,
    expected: [["Co-authored-by", CLAUDE]],
  },
  {
    name: "one paragraph is the subject, never trailers",
    message: "Note: Claude wrote this\n",
    expected: [],
  },
  { name: "subject paragraph of trailer lines", message: "A: 1\nB: 2\n\nbody\n", expected: [] },
  {
    name: "a leading blank line leaves an empty subject",
    message: "\nKey: v\n",
    expected: [["Key", "v"]],
  },
  { name: "comment subject, then trailers", message: "# c\n\nKey: v\n", expected: [["Key", "v"]] },
  { name: "comment lines do not end the subject", message: "#c\n#d\nKey: v\n", expected: [] },
  { name: "prose after the block", message: "Fix\n\nA: 1\n\nprose\n", expected: [] },
  { name: "only the last block", message: "Fix\n\nA: 1\n\nB: 2\n", expected: [["B", "2"]] },
  {
    name: "whitespace-only line splits paragraphs",
    message: "Fix\n\nprose\n \t \nA: 1\n",
    expected: [["A", "1"]],
  },
  { name: "trailing blank lines skipped", message: "Fix\n\nA: 1\n\n\n", expected: [["A", "1"]] },
  { name: "empty message", message: "", expected: [] },
  { name: "blank lines only", message: "\n\n", expected: [] },
  { name: "no final newline", message: "Fix\n\nA: 1", expected: [["A", "1"]] },
  // Prose is a trailer to git when it looks like one
  {
    name: "`Note: …` prose is a trailer",
    message: "Fix\n\nNote: Claude wrote this\n",
    expected: [["Note", "Claude wrote this"]],
  },
  {
    name: "one prose line spoils an all-trailer block",
    message: "Fix\n\nA: 1\nsome prose\n",
    expected: [],
  },
  // Git-generated lines and the 25% rule
  {
    name: "Signed-off-by with trailers×3 = others",
    message: "Fix\n\none\ntwo\nthree\nSigned-off-by: A <a@x>\n",
    expected: [["Signed-off-by", "A <a@x>"]],
  },
  {
    name: "Signed-off-by below 25%",
    message: "Fix\n\none\ntwo\nthree\nfour\nSigned-off-by: A <a@x>\n",
    expected: [],
  },
  {
    name: "`Signed-off-by:` needs its space",
    message: "Fix\n\nprose\nSigned-off-by:A\n",
    expected: [],
  },
  {
    name: "`signed-off-by: ` is case-sensitive",
    message: "Fix\n\nprose\nsigned-off-by: A\n",
    expected: [],
  },
  {
    name: "cherry-picked line counts but is not printed",
    message: "Fix\n\nprose\nCo-authored-by: B <b@x>\n(cherry picked from commit abc123)\n",
    expected: [["Co-authored-by", "B <b@x>"]],
  },
  {
    name: "indented lines under prose count as prose (1×3 < 4)",
    message: "Fix\n\nprose\n  more\n  more\n  more\nSigned-off-by: x\n",
    expected: [],
  },
  {
    name: "indented lines under prose count as prose (1×3 ≥ 3)",
    message: "Fix\n\nprose\n  more\n  more\nSigned-off-by: x\n",
    expected: [["Signed-off-by", "x"]],
  },
  {
    name: "prose lines in a qualifying block are dropped",
    message: "Fix\n\nA: 1\nprose\n  more\nSigned-off-by: x\n",
    expected: [
      ["A", "1"],
      ["Signed-off-by", "x"],
    ],
  },
  // Continuation lines
  {
    name: "continuation folded to one space",
    message: "Fix\n\nCo-authored-by: Claude\n   <noreply@anthropic.com>\n",
    expected: [["Co-authored-by", CLAUDE]],
  },
  { name: "tab continuation", message: "Fix\n\nA: x\n\ty\n\tz\n", expected: [["A", "x y z"]] },
  { name: "indented line without a trailer above", message: "Fix\n\n Key: v\n", expected: [] },
  {
    name: "continuation after a comment continues nothing",
    message: "Fix\n\nA: 1\n# c\n  more\nSigned-off-by: x\n",
    expected: [
      ["A", "1"],
      ["Signed-off-by", "x"],
    ],
  },
  // Comments
  {
    name: "comment lines skipped",
    message: "Fix\n\nA: 1\n# comment\nB: 2\n# trailing\n\n",
    expected: [
      ["A", "1"],
      ["B", "2"],
    ],
  },
  // Key syntax and separators
  {
    name: "blanks before the colon",
    message: "Fix\n\nKey  : v\nK\t: w\n",
    expected: [
      ["Key", "v"],
      ["K", "w"],
    ],
  },
  { name: "space inside a key", message: "Fix\n\nMy Key: v\n", expected: [] },
  { name: "`=` is not a separator", message: "Fix\n\nKey=v\n", expected: [] },
  { name: "`_` not a key character", message: "Fix\n\nX_Y: v\n", expected: [] },
  { name: "non-ASCII key", message: "Fix\n\nÜber: v\n", expected: [] },
  {
    name: "digits and dashes",
    message: "Fix\n\n-: a\n42: b\n",
    expected: [
      ["-", "a"],
      ["42", "b"],
    ],
  },
  { name: "line starting with a colon", message: "Fix\n\n: v\n", expected: [] },
  {
    name: "colons in the value",
    message: "Fix\n\nLink: https://x.test/a:b\n",
    expected: [["Link", "https://x.test/a:b"]],
  },
  {
    name: "empty values",
    message: "Fix\n\nKey:\nOther:   \n",
    expected: [
      ["Key", ""],
      ["Other", ""],
    ],
  },
  {
    name: "keys kept as written",
    message: "Fix\n\nCO-AUTHORED-BY: a\nco-authored-by: b\n",
    expected: [
      ["CO-AUTHORED-BY", "a"],
      ["co-authored-by", "b"],
    ],
  },
  {
    name: "unicode value",
    message: "Fix\n\nCo-authored-by: Zoë 中文 🤖 <z@x>\n",
    expected: [["Co-authored-by", "Zoë 中文 🤖 <z@x>"]],
  },
  // Where the message ends
  { name: "patch divider", message: "Fix\n\nA: 1\n---\n f | 2 +-\n", expected: [["A", "1"]] },
  {
    name: "divider ends the message in the body",
    message: "Fix\n\nA: 1\n\n--- \nB: 2\n",
    expected: [["A", "1"]],
  },
  { name: "`---x` is not a divider", message: "Fix\n\nA: 1\n---x\nB: 2\n", expected: [] },
  { name: "`---` at the very end is not a divider", message: "Fix\n\nA: 1\n---", expected: [] },
  {
    name: "`---\\r\\n` is a divider",
    message: "Fix\n\nA: 1\n---\r\nB: 2\n",
    expected: [["A", "1"]],
  },
  {
    name: "old Conflicts: block ignored",
    message: "Fix\n\nA: 1\nConflicts:\n\tsrc/a.c\n",
    expected: [["A", "1"]],
  },
  {
    name: "scissors line cuts",
    message: `Fix\n\nA: 1\n${CUT}\ndiff --git a/f b/f\n`,
    expected: [["A", "1"]],
  },
  // git 2.39 never returns on this one; we ignore a scissors line past the divider.
  {
    name: "scissors after the divider",
    message: `Fix\n\nA: 1\n---\nx\n${CUT}\ny\n`,
    expected: [["A", "1"]],
  },
  // CRLF
  {
    name: "CRLF",
    message: "Fix\r\n\r\nA: 1\r\nB: 2\r\n\r\n",
    expected: [
      ["A", "1"],
      ["B", "2"],
    ],
  },
  {
    name: "CRLF continuation keeps git's inner CR",
    message: "Fix\r\n\r\nA: x\r\n  y\r\n",
    expected: [["A", "x\r y"]],
  },
];

test.each(cases)("$name", ({ message, expected }) => {
  expect(parseTrailers(message).map((t) => [t.key, t.value])).toEqual(expected);
});

test("keys compare case-insensitively", () => {
  const trailers = parseTrailers("Fix\n\nCO-AUTHORED-BY: a\nReviewed-by: r\nco-authored-by: b\n");
  expect(normalizeKey("Co-Authored-By")).toBe("co-authored-by");
  expect(trailerValues(trailers, "Co-authored-by")).toEqual(["a", "b"]);
  expect(trailerValues(trailers, "Signed-off-by")).toEqual([]);
});

test("formatTrailers prints what git --parse prints", () => {
  const message = "Fix\n\nKey  :  v \nEmpty:\nA: x\n  y\n";
  expect(formatTrailers(parseTrailers(message))).toBe("Key: v\nEmpty: \nA: x y\n");
  expect(formatTrailers([])).toBe("");
});
