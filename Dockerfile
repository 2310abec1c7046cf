# syntax=docker/dockerfile:1
# One image for the operator and for its migration Jobs: `operator` runs the controller,
# `migrate` is what each Job runs. Build from the repository root:
#   docker build -t dbmigrate-operator:0.1.0 .

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY operator/pom.xml operator/
RUN mvn -B -ntp -q -pl operator dependency:go-offline
COPY operator/src operator/src
RUN mvn -B -ntp -q -pl operator package -DskipTests

# The code compiles for Java 17; the image runs it on Java 25 for its AOT cache (JEP 483/515):
# a Job's no-op run starts in about a third of plain Java 17's time (bench/startup.sh).
FROM eclipse-temurin:25-jre
# The dump tools for `migrate --backup-dir` and spec.backup: pg_dump, and mariadb-dump (with its
# mysqldump name), which the distribution ships in mariadb-client, not in mariadb-client-core
# (installed as root, before the switch to the runtime user).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client mariadb-client \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build --chown=0:0 /src/operator/target/dbmigrate-operator.jar /app/dbmigrate-operator.jar
COPY --chown=0:0 docker/dbmigrate /app/dbmigrate
COPY --chown=0:0 examples/quickstart/migrations /app/training/migrations
# The training run that fills the AOT cache: a real migrate against a throw-away PostgreSQL,
# with the Job's flags (the cache must be made by the same JVM, jar path and flags it serves).
# The server is installed, used and removed in this one layer.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql \
 && pg_ctlcluster "$(ls /etc/postgresql)" main start \
 && su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'training'\" -c 'CREATE DATABASE training'" \
 && DBMIGRATE_URL=postgresql://postgres:training@localhost:5432/training \
    java -XX:AOTCacheOutput=/app/dbmigrate.aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
      -XX:-UsePerfData -jar /app/dbmigrate-operator.jar migrate --migrations /app/training/migrations \
 && pg_ctlcluster "$(ls /etc/postgresql)" main stop \
 && apt-get purge -y --auto-remove postgresql postgresql-[0-9]* \
 && rm -rf /var/lib/apt/lists/* /var/lib/postgresql /etc/postgresql /app/training
# A numeric non-root user, so Kubernetes can verify runAsNonRoot without a passwd lookup.
USER 65532:65532
ENTRYPOINT ["/app/dbmigrate"]
CMD ["operator"]
