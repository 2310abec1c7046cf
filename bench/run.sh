#!/usr/bin/env bash
# Runs one benchmark main class from operator/src/test/java/io/dbmigrate/bench in one JVM.
#   bench/run.sh MigrateBenchmark [JVM options...]
# Needs Java 17, Maven and the local PostgreSQL (127.0.0.1:5432, trust auth, user postgres).
# Only the benchmark's table goes to stdout; Maven's output and the logs go to stderr.
set -euo pipefail

benchmark="${1:?usage: bench/run.sh BenchmarkClass [JVM options...]}"
shift
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

mvn -B -ntp -q -DskipTests test-compile >&2

classpath_file="$repo/operator/target/bench-classpath.txt"
(cd operator && mvn -B -ntp -q dependency:build-classpath \
  -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=test) >&2

exec java \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  "$@" \
  -cp "operator/target/classes:operator/target/test-classes:$(cat "$classpath_file")" \
  "io.dbmigrate.bench.$benchmark"
