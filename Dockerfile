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

FROM eclipse-temurin:17-jre
# The dump tools for `migrate --backup-dir` and spec.backup: pg_dump, and mariadb-dump (with its
# mysqldump name), which the distribution ships in mariadb-client, not in mariadb-client-core
# (installed as root, before the switch to the runtime user).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client mariadb-client \
 && rm -rf /var/lib/apt/lists/*
# A numeric non-root user, so Kubernetes can verify runAsNonRoot without a passwd lookup.
USER 65532:65532
WORKDIR /app
COPY --from=build --chown=0:0 /src/operator/target/dbmigrate-operator.jar /app/dbmigrate-operator.jar
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
ENTRYPOINT ["java", "-jar", "/app/dbmigrate-operator.jar"]
CMD ["operator"]
