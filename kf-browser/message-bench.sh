#!/usr/bin/env bash
# The message benchmark of docs/benchmarks.md as first measured: the closed loop of 100 visitors
# (no agent answers) against the bare echo endpoint and against Kefu in the same server, in turns;
# now `kf-browser/bench.sh echo-ratio --no-replies`, which starts the server and prints the ratio.
#
#   kf-browser/message-bench.sh [path/to/kf.war]
#
# Environment (all optional): BENCH_SECONDS per measurement (45), BENCH_RUNS (2: echo, Kefu, echo,
# Kefu), BENCH_VISITORS (100), BENCH_AGENTS (10), and those of bench.sh (BENCH_PORT, BENCH_DB, …).
set -euo pipefail

BENCH_WAR=${1:-${BENCH_WAR:-}} exec "$(dirname "$0")/bench.sh" echo-ratio --no-replies \
  --seconds "${BENCH_SECONDS:-45}" --runs "${BENCH_RUNS:-2}" \
  --visitors "${BENCH_VISITORS:-100}" --agents "${BENCH_AGENTS:-10}"
