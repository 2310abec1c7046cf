package io.dbmigrate.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** The schema migrations and seeds an application needs before it rolls out. */
@Group(DatabaseMigration.GROUP)
@Version(DatabaseMigration.VERSION)
@Kind("DatabaseMigration")
@Plural("databasemigrations")
@Singular("databasemigration")
@ShortNames("dbm")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".status.currentVersion", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Pending",
    jsonPath = ".status.migrations.pending",
    type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Health", jsonPath = ".status.health.status", type = Type.STRING)
@AdditionalPrinterColumn(
    name = "Latency",
    jsonPath = ".status.health.checks.database.latencyMs",
    type = Type.NUMBER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(
    name = "Message",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = Type.STRING,
    priority = 1)
public class DatabaseMigration
    extends CustomResource<DatabaseMigrationSpec, DatabaseMigrationStatus> implements Namespaced {
  public static final String GROUP = "dbmigrate.io";
  public static final String VERSION = "v1alpha1";
}
