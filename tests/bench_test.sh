#!/bin/bash
# phishscope-bench: it measures what it says on the labelled set, and refuses what it cannot measure.
# usage: bench_test.sh PHISHSCOPE-BENCH SOURCE_DIR
bench=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$bench" "$src/tests/eval" --rounds 1 --store "$tmp/s.sqlite" >"$tmp/out" 2>"$tmp/err" || bad "run failed: $(cat "$tmp/err")"
grep -q "^messages: 80 (1 rounds)" "$tmp/out" || bad "not the 80 labelled mails: $(cat "$tmp/out")"
grep -q "^ratio analyze/gmime: 0\.[0-9]" "$tmp/out" || bad "no ratio: $(cat "$tmp/out")"
grep -q "^store: 80 cases saved" "$tmp/out" || bad "no store figures: $(cat "$tmp/out")"
for args in "--help" "/nonexistent-mailbox" "$src/tests/eval --rounds" "$src/tests/eval --only foo" "$src/tests/eval --frobnicate 1"; do
  # shellcheck disable=SC2086
  "$bench" $args >"$tmp/out" 2>"$tmp/err"
  rc=$?
  [ "$rc" = 2 ] || bad "'$args': exit $rc, not 2"
  grep -q "usage\|error" "$tmp/err" || bad "'$args': no message: $(cat "$tmp/err")"
done
[ "$fails" = 0 ] && echo "bench_test: all passed"
exit "$fails"
