#!/usr/bin/env bash
# Benchmark: the pooled health probe vs SELECT 1 on a held connection vs a new connection per
# probe, on the local PostgreSQL (127.0.0.1:5432, trust auth, user postgres). Run from any directory; see bench/README.md.
# Extra arguments are passed to the JVM before the main class, e.g.
#   bench/health.sh -Dbench.samples=5000
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# Maven's output (even with -q) goes to stderr: stdout is the benchmark's table only.
mvn -B -ntp -q -DskipTests test-compile >&2

classpath_file="$repo/operator/target/bench-classpath.txt"
(cd operator && mvn -B -ntp -q dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test) >&2

exec java \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  "$@" \
  -cp "operator/target/classes:operator/target/test-classes:$(cat "$classpath_file")" \
  io.dbmigrate.bench.ProbeBenchmark
