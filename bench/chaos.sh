#!/bin/sh
# kill -9 chaos against the journal (issue 10): N trials, each kills a child appending flat out at a
# random point, then checks that verify says unsealed / torn tail / sealed (never tampered), that every
# acknowledged entry is there byte for byte, and that a restart continues the sequence (RECORDING_RESUMED).
# Usage: bench/chaos.sh [TRIALS] [more options of `blackbox-bench.jar chaos --help`]
set -eu
cd "$(dirname "$0")/.."
[ -f bench/target/blackbox-bench.jar ] || mvn -B -ntp -o -q package -DskipTests
trials="${1:-100}"
[ $# -gt 0 ] && shift
exec java -jar bench/target/blackbox-bench.jar chaos --trials "$trials" "$@"
