#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for a bounded time and summarises
# executions per second. Usage: scripts/fuzz.sh BUILD_DIR SECONDS_PER_TARGET TARGET...
#
# Each target works on a copy of its seed corpus (tests/fuzz/corpus/<target>)
# under BUILD_DIR/fuzz/<target>, so the repository's corpus is never changed.
# A finding (crash, leak, timeout, out-of-memory, broken invariant) leaves its
# input in BUILD_DIR/fuzz/<target>/artifacts and makes the script exit 1.
set -uo pipefail
cd "$(dirname "$0")/.."
build=$1
seconds=$2
shift 2

failed=()
summary=()
for target in "$@"; do
  work="$build/fuzz/$target"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp tests/fuzz/corpus/"$target"/* "$work/corpus/"
  dict=()
  [ -f "tests/fuzz/$target.dict" ] && dict=(-dict="tests/fuzz/$target.dict")
  echo "fuzz: $target for ${seconds} s"
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: over 2 GB is
  # a finding (the machine has little memory to spare).
  "$build/tests/fuzz/$target" "$work/corpus" "${dict[@]}" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$work/artifacts/" -print_final_stats=1 >"$work/log" 2>&1
  rc=$?
  stat() { sed -n "s/^stat::$1: *//p" "$work/log" | tail -1; }
  runs=$(stat number_of_executed_units)
  speed=$(stat average_exec_per_sec)
  added=$(stat new_units_added)
  rss=$(stat peak_rss_mb)
  result=ok
  if [ $rc -ne 0 ]; then
    result="FINDING (exit $rc)"
    failed+=("$target")
    echo "---- $target: the end of its log ($work/log) ----"
    tail -60 "$work/log"
    echo "---- inputs kept: $(ls "$work/artifacts")"
  fi
  summary+=("$(printf '%-22s %12s %10s %10s %8s  %s' "$target" "${runs:-?}" "${speed:-?}" \
      "${added:-?}" "${rss:-?}" "$result")")
done

echo
printf '%-22s %12s %10s %10s %8s  %s\n' target executions exec/s "new units" "rss MB" result
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: findings in ${failed[*]}; replay one with: $build/tests/fuzz/<target> <artifact>"
  exit 1
fi
