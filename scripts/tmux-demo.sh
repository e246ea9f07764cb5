#!/usr/bin/env bash
# Drives the real envdiff binary in a real terminal (tmux, 120x40): starts `envdiff demo`,
# reaches the seed-502 regression, opens its evidence, switches to the request paths,
# exports the markdown report, shows the help and quits, checking the screen at each
# step and the exit status at the end; then does the same with a hostile scenario (names
# with terminal escapes, very long names, hundreds of findings). .ci/run runs it.
#
#   scripts/tmux-demo.sh            build ./cmd/envdiff and run
#   ENVDIFF_BIN=path scripts/...    use an existing binary
#   KEEP=1                          keep the work directory (screens of every step)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v tmux >/dev/null || { echo "tmux-demo: tmux is not installed" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/envdiff-tmux.XXXXXX")
sock="envdiff-demo-$$"
session=demo
T() { tmux -L "$sock" "$@"; }
cleanup() {
  T kill-server 2>/dev/null || true
  if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "tmux-demo: screens kept in $work"; fi
}
trap cleanup EXIT

bin=${ENVDIFF_BIN:-}
if [ -z "$bin" ]; then
  bin="$work/envdiff"
  go build -o "$bin" ./cmd/envdiff
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

step=0
fail() {
  echo "tmux-demo: FAIL at step $step: $*" >&2
  echo "---- screen ----" >&2
  T capture-pane -p -t "$session" >&2 || true
  exit 1
}

# wait_for TEXT [SECONDS]: until the screen shows TEXT.
wait_for() {
  local text=$1 limit=${2:-15} i
  for ((i = 0; i < limit * 10; i++)); do
    if T capture-pane -p -t "$session" 2>/dev/null | grep -qF -- "$text"; then return 0; fi
    sleep 0.1
  done
  fail "the screen never showed: $text"
}

# expect TEXT: the screen shows TEXT now. refuse TEXT: it does not.
expect() { T capture-pane -p -t "$session" | grep -qF -- "$1" || fail "expected on screen: $1"; }
refuse() { ! T capture-pane -p -t "$session" | grep -qF -- "$1" || fail "not expected on screen: $1"; }

# press KEY...: send keys and keep a copy of the screen for KEEP=1.
press() {
  step=$((step + 1))
  T send-keys -t "$session" "$@"
  sleep 0.3
  T capture-pane -p -t "$session" >"$work/screen-$step.txt" || true
}

# The export lands in the working directory; run there so it is ours to check.
mkdir -p "$work/run"
T new-session -d -s "$session" -x 120 -y 40 -c "$work/run" \
  "TERM=xterm-256color '$bin' demo; echo \"EXIT=\$?\" >'$work/exit'; echo \"envdiff exited \$(cat '$work/exit')\"; sleep 60"

step=1
wait_for "origin-cert-covers-host" 60
wait_for "Regressions (1)"
expect "▸ CRIT origin-cert-covers-host"
expect "production vs qa1, qa2, staging"

press Down
refuse "▸ CRIT origin-cert-covers-host"
press Up
expect "▸ CRIT origin-cert-covers-host"

press Enter
wait_for "Evidence · ↑/↓ scroll · esc back"
expect "validated host"
expect "≠ mydomain.com"
expect "holds in qa1, qa2, staging"

press Escape
wait_for "Evidence · enter"
press p
wait_for "Request paths and service discovery"
expect "production (target)"
expect "hop fails"
expect "✗ "
expect "Service discovery"

press p
wait_for "Regressions (1)"
press e
wait_for "exported to "
ls "$work"/run/envdiff-report-*.md >/dev/null 2>&1 || fail "no envdiff-report-*.md in the working directory"
grep -q "origin-cert-covers-host" "$work"/run/envdiff-report-*.md || fail "the exported report does not name the regression"

press "?"
wait_for "Help · ? or esc closes"
expect "export markdown"
press "?"
wait_for "Regressions (1)"

press q
for ((i = 0; i < 100; i++)); do [ -s "$work/exit" ] && break; sleep 0.1; done
[ -s "$work/exit" ] || fail "envdiff did not exit after q"
status=$(cat "$work/exit")
[ "$status" = "EXIT=0" ] || fail "envdiff exited with $status, want EXIT=0"
wait_for "envdiff exited EXIT=0" 5
refuse "Regressions (1)" # the alternate screen is gone: the shell's screen is back

# A hostile scenario: seed-502 plus 300 records in production whose names carry
# clear-screen and set-title escapes and run long. The dashboard must draw them as
# plain text inside its layout, and the window title must stay envdiff's own.
T kill-session -t "$session" 2>/dev/null || true
rm -f "$work/exit"
hostile="$work/hostile.yaml"
awk '
  { print }
  /name: app\.mydomain\.com\., type: A/ {
    for (i = 0; i < 300; i++)
      printf "          - {name: \"x%d-\\e[2J\\e]0;pwned\\a%s.mydomain.com.\", type: CNAME, ttl: 60, values: [\"\\e[31mred%d.example.net.\"]}\n", i, "very-long-label-very-long-label-very-long-label", i
  }' collect/awsfake/scenarios/seed-502.yaml >"$hostile"
grep -q 'pwned' "$hostile" || fail "could not build the hostile scenario"
T new-session -d -s "$session" -x 120 -y 40 -c "$work/run" \
  "TERM=xterm-256color '$bin' --scenario '$hostile'; echo \"EXIT=\$?\" >'$work/exit'; sleep 60"
step=$((step + 1))
wait_for "Parity differences (30" 60
press G
press Enter
wait_for "Evidence · ↑/↓ scroll · esc back"
screen=$(T capture-pane -p -t "$session")
[ "$(printf '%s\n' "$screen" | wc -l)" -eq 40 ] || fail "the hostile screen is not 40 lines"
printf '%s\n' "$screen" | head -1 | grep -q '^envdiff · ' || fail "the header moved: a name's escape reached the terminal"
widest=$(printf '%s\n' "$screen" | LC_ALL=C.UTF-8 wc -L)
[ "$widest" -le 120 ] || fail "a line is $widest cells wide, wider than the terminal"
refuse "pwned"
title=$(T display -p -t "$session" '#{pane_title}')
[ "$title" = "envdiff" ] || fail "the window title is \"$title\", not envdiff: a name set it"
press q
for ((i = 0; i < 100; i++)); do [ -s "$work/exit" ] && break; sleep 0.1; done
[ "$(cat "$work/exit" 2>/dev/null)" = "EXIT=0" ] || fail "envdiff on the hostile scenario did not exit 0"

echo "tmux-demo: ok ($step steps)"
