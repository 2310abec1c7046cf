#!/usr/bin/env bash
# Benchmark: `dbmigrate migrate` vs bare Flyway; see bench/README.md.
#   bench/migrate.sh [-Dbench.noop.iterations=100 ...]
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" MigrateBenchmark "$@"
