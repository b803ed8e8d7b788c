#!/usr/bin/env bash
# Runs the whole test suite against the sanitized build (ZAPAS_SANITIZE=ON).
# Usage: scripts/test-asan.sh BUILD_DIR JOBS
#
# The tests start the build's own `zapas` (ServerProcess, RunZapas), so the
# server and the command line run sanitized too. A server's report might only
# show as a dropped connection, or not at all when it exits after SIGTERM, so
# every sanitizer report is also written to BUILD_DIR/sanitizer/ and any file
# found there fails the run, whatever the tests said.
set -uo pipefail
cd "$(dirname "$0")/.."
build=$1
jobs=$2
reports="$(pwd)/$build/sanitizer"
rm -rf "$reports"
mkdir -p "$reports"

export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:log_path=$reports/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/sanitizers/lsan.supp:print_suppressions=0"

start=$(date +%s)
(cd "$build" && ctest --output-on-failure -j"$jobs")
rc=$?
echo "test-asan: ctest took $(( $(date +%s) - start )) s"

found=$(find "$reports" -type f | sort)
if [ -n "$found" ]; then
  for f in $found; do
    echo "---- $f"
    cat "$f"
  done
  echo "test-asan: sanitizer reports above"
  exit 1
fi
exit $rc
