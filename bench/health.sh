#!/usr/bin/env bash
# Benchmark: the pooled health probe vs SELECT 1 on a held connection vs a new connection per
# probe, on the local PostgreSQL; see bench/README.md.
#   bench/health.sh [-Dbench.samples=5000 ...]
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" ProbeBenchmark "$@"
