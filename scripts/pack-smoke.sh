#!/usr/bin/env bash
# The command line outside a clone (SPEC §11): `npm pack`, install the tarball
# into an empty directory from the registry, and run `countersign` in an
# unrelated git repository. Needs the npm registry, so `npm test` (loopback
# only) does not run it; `.ci/run` does, after the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=$(node -p 'require("./package.json").version')

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
fail() {
  echo "pack-smoke: FAILED: $*" >&2
  exit 1
}
ok() {
  passed=$((passed + 1))
  echo "pack-smoke: ok - $*"
}

# 1. Pack (runs `prepare`, which builds lib/) and install the tarball alone.
tarball=$(npm pack --silent --pack-destination "$tmp" | tail -n 1)
[ -f "$tmp/$tarball" ] || fail "npm pack did not produce a tarball"
tar -tzf "$tmp/$tarball" >"$tmp/contents"
ok "npm pack: $tarball ($(wc -l <"$tmp/contents") files)"
grep -qx 'package/lib/cli/main.js' "$tmp/contents" || fail "the tarball lacks lib/cli/main.js"
grep -qx 'package/schema/countersign.schema.json' "$tmp/contents" || fail "the tarball lacks the schema"
grep -qx 'package/LICENSE' "$tmp/contents" || fail "the tarball lacks the LICENSE"
if grep -Eq '^package/(src|test)/|\.map$' "$tmp/contents"; then fail "the tarball ships src/, test/ or source maps"; fi
ok "the tarball holds lib/, schema/ and LICENSE, not src/, test/ or source maps"

mkdir "$tmp/install"
(cd "$tmp/install" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "$tmp/$tarball" >/dev/null) ||
  fail "npm install of the tarball"
bin="$tmp/install/node_modules/.bin/countersign"
[ -x "$bin" ] || fail "no countersign command after installing the tarball"
[ ! -e "$tmp/install/node_modules/typescript" ] || fail "a dev dependency (typescript) was installed"
ok "npm install <tarball> installs the countersign command, without dev dependencies"

# 2. An unrelated git repository with a policy file and commits.
repo="$tmp/repo"
mkdir -p "$repo/.github"
cd "$repo"
git init -q -b main
git config user.name "Dev One"
git config user.email "dev@example.com"
cat >.github/countersign.yml <<'YAML'
# yaml-language-server: $schema=../node_modules/countersign/schema/countersign.schema.json
mode: report
services:
  - name: pay
    paths: ["services/pay/**"]
    tags: [critical]
YAML
git add -A && git commit -qm "Add the policy"
mkdir -p services/pay && echo "export {};" >services/pay/api.ts
git add -A && git commit -qm "Add the pay API" -m "Co-authored-by: Claude <noreply@anthropic.com>"

run() { # run EXPECTED-EXIT ARGS… — the output lands in $out
  local want=$1
  shift
  set +e
  out=$("$bin" "$@" 2>&1)
  local code=$?
  set -e
  [ "$code" = "$want" ] || fail "countersign $* exited $code, expected $want:"$'\n'"$out"
}

run 0 --version
[ "$out" = "countersign $version" ] || fail "--version said: $out"
ok "countersign --version: $out"

run 0 validate
[ "$out" = ".github/countersign.yml: valid" ] || fail "validate said: $out"
ok "validate of a valid file: exit 0"

printf 'mode: loud\nai:\n  labell: x\n' >bad.yml
run 1 validate bad.yml
grep -q '^bad.yml:1: mode: ' <<<"$out" || fail "validate did not print FILE:LINE: key.path: $out"
grep -q '^bad.yml:3: ai.labell: ' <<<"$out" || fail "validate did not name ai.labell: $out"
ok "validate of an invalid file: FILE:LINE: key.path: message, exit 1"

printf 'rules:\n  - name: any\n    require: { approvals: 1 }\n    if: { paths: [src/**] }\n' >warn.yml
run 0 validate warn.yml
grep -q 'warning: no rule covers the built-in review-policy service' <<<"$out" || fail "no warning: $out"
run 1 validate --strict warn.yml
ok "validate warnings: exit 0, and 1 with --strict"

run 2 validate missing.yml
ok "validate of a missing file: exit 2"

run 0 scan HEAD~1..HEAD
grep -q '^Read 1 commit of HEAD~1..HEAD: 1 carries AI evidence.' <<<"$out" || fail "scan said: $out"
grep -q 'Claude' <<<"$out" || fail "scan did not name the tool: $out"
ok "scan HEAD~1..HEAD finds the co-author trailer"

run 0 scan HEAD~1..HEAD --json
node -e 'const j=JSON.parse(process.argv[1]); if (j.commits!==1||j.evidence.length!==1) process.exit(1)' "$out" ||
  fail "scan --json said: $out"
ok "scan --json"

run 2 scan
grep -q 'origin/HEAD' <<<"$out" || fail "scan without origin said: $out"
ok "scan without origin/HEAD: exit 2, naming it"

for cmd in validate scan explain; do
  run 0 "$cmd" --help
  run 0 "$cmd" -h
  run 0 "$cmd" --version
done
run 2 explain not-a-pr
ok "--help, -h and --version on every command; explain usage errors exit 2"

# The schema the comment above points at is there, and is draft-07.
node -e 'const s=require(process.argv[1]); if (s.$schema!=="http://json-schema.org/draft-07/schema#") process.exit(1)' \
  "$tmp/install/node_modules/countersign/schema/countersign.schema.json" || fail "the installed schema is not draft-07"
ok "the installed schema is draft-07"

cd "$root"
echo "pack-smoke: $passed passed"
