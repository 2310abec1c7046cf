#!/usr/bin/env bash
# The operator at scale: N DatabaseMigrations (default 1000) on the mock API server with the
# kubelet fixture and the local PostgreSQL, the operator in its own JVM with the image's flags.
# See bench/README.md, "Scale".
#   bench/scale.sh [-Dbench.resources=1000] [-Dbench.databases=4] [-Dbench.reportIntervalSeconds=60]
# The last line is the summary: `scale: N resources, ready in S s, ...`.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# The operator's JVM flags are the image's (docker/dbmigrate, the operator branch), with the heap
# the chart's memory limit gives it (512Mi x MaxRAMPercentage=75).
image_flags="$(sed -n '/= operator ]/,/^fi/p' docker/dbmigrate | sed -n 's/.*exec "$java" \(.*\) -jar .*/\1/p')"
[ -n "$image_flags" ] || { echo "cannot read the operator's JVM flags from docker/dbmigrate" >&2; exit 1; }

mvn -B -ntp -q -DskipTests compile >&2
runtime_file="$repo/operator/target/operator-classpath.txt"
(cd operator && mvn -B -ntp -q dependency:build-classpath \
  -Dmdep.outputFile="$runtime_file" -Dmdep.includeScope=runtime) >&2

exec "$repo/bench/run.sh" ScaleBenchmark \
  "-Dbench.operator.jvm=-Xmx384m $image_flags" \
  "-Dbench.operator.classpath=$repo/operator/target/classes:$(cat "$runtime_file")" \
  "$@"
