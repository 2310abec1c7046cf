#!/usr/bin/env bash
# The operator at scale: N DatabaseMigrations (default 1000) on the mock API server with the
# kubelet fixture and the local PostgreSQL, the operator in its own JVM with the image's flags.
# See bench/README.md, "Scale".
#   bench/scale.sh [-Dbench.resources=1000] [-Dbench.databases=4] [-Dbench.reportIntervalSeconds=60]
# The last line is the summary: `scale: N resources, ready in S s, ...`.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# The operator's JVM flags and environment are the image's (docker/dbmigrate, the operator
# branch); -XX:MaxRAM makes the JVM size itself as in a container with the chart's memory limit
# (the heap's maximum and its initial size, the collector's ergonomics).
operator_branch="$(sed -n '/= operator ]/,/^fi/p' docker/dbmigrate | sed -e ':a' -e '/\\$/{N;s/\\\n//;ba}')"
image_flags="$(sed -n 's/.*exec "$java" \(.*\) -jar .*/\1/p' <<<"$operator_branch" \
  | sed 's/\${DBMIGRATE_JVM_OPTIONS:-}//; s/  */ /g')"
image_env="$(sed -n 's/^ *export \([A-Z_]*\)="${[A-Z_]*:-\(.*\)}"$/\1=\2/p' <<<"$operator_branch" | tr '\n' ' ')"
[ -n "$image_flags" ] || { echo "cannot read the operator's JVM flags from docker/dbmigrate" >&2; exit 1; }
limit="$(sed -n '/^resources:/,/^[a-z]/p' helm/dbmigrate-operator/values.yaml \
  | sed -n '/limits:/,$p' | sed -n 's/^ *memory: *\([0-9]*\)Mi$/\1/p' | head -1)"
[ -n "$limit" ] || { echo "cannot read the chart's memory limit (in Mi) from values.yaml" >&2; exit 1; }

mvn -B -ntp -q -DskipTests compile >&2
runtime_file="$repo/operator/target/operator-classpath.txt"
(cd operator && mvn -B -ntp -q dependency:build-classpath \
  -Dmdep.outputFile="$runtime_file" -Dmdep.includeScope=runtime) >&2

# The image's runtime is Java 25 (JAVA25 overrides where it is).
java25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
[ -x "$java25" ] || { echo "no Java 25 at $java25 (set JAVA25)" >&2; exit 1; }

exec "$repo/bench/run.sh" ScaleBenchmark \
  "-Dbench.operator.java=$java25" \
  "-Dbench.operator.jvm=-XX:MaxRAM=${limit}m $image_flags" \
  "-Dbench.operator.env=$image_env" \
  "-Dbench.operator.classpath=$repo/operator/target/classes:$(cat "$runtime_file")" \
  "$@"
