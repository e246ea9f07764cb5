#!/usr/bin/env bash
# Interrupts the dashboard in a real terminal (tmux) while it is still collecting: Ctrl-C
# and then SIGTERM must each end envdiff within a second with status 130 and give the
# terminal back as it was (main screen, echo and line editing on, cursor shown).
#
#   scripts/tmux-cancel.sh            build ./cmd/envdiff and run
#   ENVDIFF_BIN=path scripts/...      use an existing binary
set -euo pipefail
cd "$(dirname "$0")/.."

command -v tmux >/dev/null || { echo "tmux-cancel: tmux is not installed" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/envdiff-cancel.XXXXXX")
sock="envdiff-cancel-$$"
T() { tmux -L "$sock" "$@"; }
cleanup() { T kill-server 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

bin=${ENVDIFF_BIN:-}
if [ -z "$bin" ]; then
  bin="$work/envdiff"
  go build -o "$bin" ./cmd/envdiff
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")

# seed-502 where every AWS call takes 30 s: the collection view stays up.
{ cat collect/awsfake/scenarios/seed-502.yaml; printf '\nlatency_ms: 30000\n'; } >"$work/slow.yaml"

fail() {
  echo "tmux-cancel: FAIL ($how): $*" >&2
  echo "---- screen ----" >&2
  T capture-pane -p -t "$how" >&2 || true
  exit 1
}

wait_for() {
  local text=$1 limit=${2:-15} i
  for ((i = 0; i < limit * 10; i++)); do
    if T capture-pane -p -t "$how" 2>/dev/null | grep -qF -- "$text"; then return 0; fi
    sleep 0.1
  done
  fail "the screen never showed: $text"
}

for how in ctrl-c sigterm; do
  rm -f "$work/exit" "$work/pid" "$work/stty"
  # The shell records envdiff's pid, its exit status, then the terminal's modes as the
  # next program would find them.
  T new-session -d -s "$how" -x 100 -y 30 -c "$work" \
    "TERM=xterm-256color '$bin' --scenario '$work/slow.yaml' & echo \$! >'$work/pid'; wait \$!; echo \"EXIT=\$?\" >'$work/exit'; stty -a >'$work/stty'; echo 'envdiff is gone'; sleep 60"
  wait_for "ctrl+c cancels" 20
  start=$(date +%s%N)
  case $how in
    ctrl-c) T send-keys -t "$how" C-c ;;
    sigterm) kill -TERM "$(cat "$work/pid")" ;;
  esac
  for ((i = 0; i < 50; i++)); do [ -s "$work/exit" ] && break; sleep 0.05; done
  [ -s "$work/exit" ] || fail "envdiff still running 2.5 s after $how"
  took=$((($(date +%s%N) - start) / 1000000))
  [ "$took" -le 1000 ] || fail "envdiff took ${took} ms to end"
  [ "$(cat "$work/exit")" = "EXIT=130" ] || fail "exit $(cat "$work/exit"), want EXIT=130"
  wait_for "envdiff is gone" 5
  # The alternate screen is gone and the collection view with it.
  ! T capture-pane -p -t "$how" | grep -qF "ctrl+c cancels" || fail "the dashboard is still on screen"
  for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s "$work/stty" ] && break; sleep 0.1; done
  grep -qE '(^| )icanon( |$)' "$work/stty" || fail "line editing left off: $(cat "$work/stty")"
  grep -qE '(^| )echo( |$)' "$work/stty" || fail "echo left off: $(cat "$work/stty")"
  [ "$(T display -p -t "$how" '#{cursor_flag}')" = 1 ] || fail "the cursor is left hidden"
  [ "$(T display -p -t "$how" '#{alternate_on}')" = 0 ] || fail "the alternate screen is left on"
  echo "tmux-cancel: $how ended envdiff in ${took} ms, EXIT=130, terminal restored"
  T kill-session -t "$how" 2>/dev/null || true
done
