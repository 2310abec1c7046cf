#!/usr/bin/env bash
# Benchmark: whole-process wall time of a no-op `dbmigrate migrate` (what every Job pays),
# plain `java -jar` on the default Java vs the image's way (docker/dbmigrate: Java 25 with the
# AOT cache of a training run, C1 only, serial GC). See bench/README.md.
#   bench/startup.sh [runs]        # runs per side, default 9 (alternating, medians)
# Needs the local PostgreSQL (127.0.0.1:5432, trust auth) and a Java 25 (JAVA25, default
# /usr/lib/jvm/temurin-25-jdk-amd64/bin/java).
set -euo pipefail
runs="${1:-9}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
java25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
jar="$repo/operator/target/dbmigrate-operator.jar"
[ -x "$java25" ] || { echo "no Java 25 at $java25 (set JAVA25)" >&2; exit 1; }
[ -f "$jar" ] || (cd "$repo" && mvn -B -ntp -q -DskipTests package >&2)

work="$(mktemp -d)"
db="dbmigrate_startup_$$"
cleanup() {
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $db" >/dev/null
mkdir "$work/migrations"
for i in $(seq 1 10); do
  printf 'CREATE TABLE t_%d (id bigint PRIMARY KEY, v text);\nINSERT INTO t_%d VALUES (1, %s);\n' \
    "$i" "$i" "'row $i'" >"$work/migrations/V${i}__table_$i.sql"
done
export DBMIGRATE_URL="postgresql://postgres@127.0.0.1:5432/$db"
migrate=(migrate --migrations "$work/migrations")

# The image build's training run: it applies the migrations, so the cache holds what a run that
# changes something loads, which includes what a no-op run loads.
"$java25" -XX:AOTCacheOutput="$work/dbmigrate.aot" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -jar "$jar" "${migrate[@]}" >/dev/null 2>"$work/training.log"

image() {
  JAVA="$java25" DBMIGRATE_JAR="$jar" DBMIGRATE_AOT_CACHE="$work/dbmigrate.aot" \
    "$repo/docker/dbmigrate" "${migrate[@]}"
}
plain() { java -jar "$jar" "${migrate[@]}"; }

seconds() { # runs "$@" once, prints its wall time in seconds
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>"$work/last.log" || { cat "$work/last.log" >&2; exit 1; }
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f\n", ns / 1e9 }'
}
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

plain >/dev/null 2>&1 # warm the file cache, one run each
image >/dev/null 2>&1
: >"$work/plain.txt"
: >"$work/image.txt"
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then
    seconds plain >>"$work/plain.txt"
    seconds image >>"$work/image.txt"
  else
    seconds image >>"$work/image.txt"
    seconds plain >>"$work/plain.txt"
  fi
done
p=$(median <"$work/plain.txt")
m=$(median <"$work/image.txt")
echo "plain java -jar ($(java -version 2>&1 | head -1)): $(tr '\n' ' ' <"$work/plain.txt")"
echo "image settings ($("$java25" -version 2>&1 | head -1), docker/dbmigrate): $(tr '\n' ' ' <"$work/image.txt")"
echo "$runs alternating runs per side of a no-op migrate (10 applied); medians; wall time of the whole process"
awk -v p="$p" -v m="$m" 'BEGIN { printf "startup: plain %.3f s, image settings %.3f s, ratio %.2f\n", p, m, m / p }'
