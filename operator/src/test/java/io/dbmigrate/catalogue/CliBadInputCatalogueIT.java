package io.dbmigrate.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.cli.DbMigrate;
import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.testing.MariaDbDatabase;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TarLayer;
import io.dbmigrate.testing.TestRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command line's half of the bad-input catalogue: each input a user may get wrong, the exact
 * line that answers it, the exit code, and proof that nothing changed (the schema is as it was
 * before the command). docs/troubleshooting.md lists the same rows; {@link CatalogueDocTest} checks
 * it does. In the messages {@code {db}} is the test's database and {@code {dir}} its working
 * directory, {@code {registry}} the test registry's host:port and {@code {digest}} the digest of
 * the image the case pushed.
 */
class CliBadInputCatalogueIT {
  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();

  /** For the MariaDB rows that connect: their URLs name {@link #MARIADB_DATABASE}. */
  @RegisterExtension final MariaDbDatabase mariaDb = new MariaDbDatabase();

  private static final String MARIADB_DATABASE = "{mariadb}";
  @TempDir Path dir;

  /**
   * Prepares the database and the working directory; returns the arguments after the command name.
   */
  interface Setup {
    List<String> prepare(Path dir, PostgresDatabase db) throws Exception;
  }

  record Case(String id, String input, int exitCode, String message, Setup setup) {
    @Override
    public String toString() {
      return id + ": " + input;
    }
  }

  /** Every Flyway setting dbmigrate takes, as the message for an unknown one lists them. */
  private static final String SUPPORTED_FLYWAY_SETTINGS =
      String.join(", ", FlywaySettings.supportedKeys());

  /** The URL forms the CLI takes, as a refused URL's message lists them. */
  private static final String URL_FORMS =
      "jdbc:postgresql://host:port/database or postgresql://user:password@host:port/database"
          + " (postgres:// also accepted); for MariaDB/MySQL jdbc:mariadb://host:port/database or"
          + " mariadb://user:password@host:port/database (jdbc:mysql:// and mysql:// also accepted)";

  private static final String REGISTRY_USER = "catalogue";
  private static final String REGISTRY_PASSWORD = "catalogue-Reg-5531";

  /** The registry of the image cases; it wants a password, so an unauthorized pull is one case. */
  @RegisterExtension
  static final TestRegistry registry = TestRegistry.withPassword(REGISTRY_USER, REGISTRY_PASSWORD);

  /** The digest the last case pushed: {@code {digest}} in its message. */
  private static String pushedDigest;

  static final List<Case> CASES =
      List.of(
          new Case(
              "cli-no-url",
              "migrate without --url or DBMIGRATE_URL",
              2,
              "Missing database URL: set --url or the environment variable DBMIGRATE_URL",
              (dir, db) -> List.of("migrate", "--migrations", migrations(dir).toString())),
          new Case(
              "cli-url-scheme",
              "a sqlserver:// URL",
              1,
              "migration failed: unsupported database URL (scheme 'sqlserver'); expected "
                  + URL_FORMS,
              (dir, db) -> migrate(dir, "sqlserver://app:secret-1@db:1433/shop")),
          new Case(
              "cli-url-no-scheme",
              "a URL without a scheme",
              1,
              "migration failed: unsupported database URL (scheme 'db.example.com'); expected "
                  + URL_FORMS,
              (dir, db) -> migrate(dir, "db.example.com:5432/shop")),
          new Case(
              "cli-url-slash",
              "an unencoded '/' in the password",
              1,
              "migration failed: database URL postgres://****@127.0.0.1:5432/{db} is ambiguous: its user name or password"
                  + " contains '/'; percent-encode it as %2F (and '@' as %40, ':' in the user name as %3A)",
              (dir, db) -> migrate(dir, "postgres://app:Sl4sh/pw@127.0.0.1:5432/" + db.name())),
          new Case(
              "cli-url-hash",
              "an unencoded '#' in the password",
              1,
              "migration failed: database URL postgres://****@127.0.0.1:5432/{db} is ambiguous: its user name or password"
                  + " contains '#'; percent-encode it as %23 (and '@' as %40, ':' in the user name as %3A)",
              (dir, db) -> migrate(dir, "postgres://app:ha#sh@127.0.0.1:5432/" + db.name())),
          new Case(
              "cli-url-percent",
              "a '%' in the password that is no escape",
              1,
              "migration failed: database URL postgres://****@127.0.0.1:5432 has an invalid percent-encoding in the"
                  + " password; encode '%' as %25",
              (dir, db) -> migrate(dir, "postgres://app:100%pure@127.0.0.1:5432/" + db.name())),
          new Case(
              "cli-url-port",
              "a port that is not a number",
              1,
              "migration failed: database URL jdbc:postgresql://127.0.0.1:five/{db} is not valid: check the host, the port"
                  + " (a number) and the parameters; expected "
                  + URL_FORMS,
              (dir, db) -> migrate(dir, "postgres://postgres@127.0.0.1:five/" + db.name())),
          new Case(
              "cli-mariadb-url-port",
              "a MariaDB URL whose port is not a number",
              1,
              "migration failed: database URL jdbc:mariadb://127.0.0.1:five/shop is not valid: check the host, the port"
                  + " (a number) and the parameters; expected "
                  + URL_FORMS,
              (dir, db) -> migrate(dir, "mariadb://app:secret-2@127.0.0.1:five/shop")),
          new Case(
              "cli-mariadb-unreachable",
              "nothing listens at the MariaDB/MySQL host and port",
              1,
              "migration failed: cannot reach the database at 127.0.0.1:1/shop as app: Connection refused",
              (dir, db) -> migrate(dir, "mysql://app:secret-3@127.0.0.1:1/shop")),
          new Case(
              "cli-mariadb-wrong-server",
              "a MariaDB/MySQL URL pointing at a PostgreSQL server",
              1,
              "migration failed: the server at 127.0.0.1:5432 is PostgreSQL, not MariaDB: the"
                  + " database URL's scheme or port is wrong (127.0.0.1:5432/shop as app)",
              // The driver would wait 30 s for a greeting PostgreSQL never sends.
              (dir, db) ->
                  migrate(dir, "mariadb://app:secret-4@127.0.0.1:5432/shop?connectTimeout=2000")),
          new Case(
              "cli-engine-wrong-server",
              "a PostgreSQL URL pointing at a MariaDB/MySQL server",
              1,
              "migration failed: the server at 127.0.0.1:3306 is MariaDB {mariadb-version}, not"
                  + " PostgreSQL: the database URL's scheme or port is wrong (127.0.0.1:3306/shop"
                  + " as app)",
              (dir, db) -> migrate(dir, "postgresql://app:secret-5@127.0.0.1:3306/shop")),
          new Case(
              "cli-mariadb-backup-tool",
              "--backup-dir with no mariadb-dump or mysqldump on the PATH",
              1,
              "migration failed: backup failed, nothing was changed: no mariadb-dump or mysqldump on the PATH"
                  + " to back up with: install it (the dbmigrate-operator image has it) or name the program in"
                  + " DBMIGRATE_MARIADB_DUMP",
              (dir, db) ->
                  List.of(
                      "migrate",
                      "--url",
                      "mariadb://root@127.0.0.1:3306/" + MARIADB_DATABASE,
                      "--migrations",
                      migrations(dir).toString(),
                      "--backup-dir",
                      dir.resolve("backups").toString())),
          new Case(
              "cli-unreachable",
              "nothing listens at the host and port",
              1,
              "migration failed: cannot reach the database at 127.0.0.1:1/{db} as postgres: Connection refused",
              (dir, db) -> migrate(dir, "postgres://postgres@127.0.0.1:1/" + db.name())),
          new Case(
              "cli-no-database",
              "the database does not exist",
              1,
              "migration failed: database does not exist: 127.0.0.1:5432/{db}_missing as postgres"
                  + " (FATAL: database \"{db}_missing\" does not exist)",
              (dir, db) ->
                  migrate(dir, "postgres://postgres@127.0.0.1:5432/" + db.name() + "_missing")),
          new Case(
              "cli-no-role",
              "the user does not exist",
              1,
              "migration failed: authentication failed for user \"nobody_here\" at 127.0.0.1:5432/{db} as nobody_here:"
                  + " check the username and password in the database Secret",
              (dir, db) -> migrate(dir, "postgres://nobody_here@127.0.0.1:5432/" + db.name())),
          new Case(
              "cli-no-migrations-dir",
              "--migrations names a missing directory",
              1,
              "migration failed: migrations directory {dir}/absent does not exist or is not a directory",
              (dir, db) ->
                  List.of(
                      "migrate",
                      "--url",
                      db.postgresUrl(),
                      "--migrations",
                      dir.resolve("absent").toString())),
          new Case(
              "cli-empty-migrations-dir",
              "--migrations names an empty directory",
              1,
              "migration failed: migrations directory {dir}/empty contains no migrations (V<version>__<description>.sql"
                  + " or R__<description>.sql)",
              (dir, db) ->
                  List.of(
                      "migrate",
                      "--url",
                      db.postgresUrl(),
                      "--migrations",
                      Files.createDirectories(dir.resolve("empty")).toString())),
          new Case(
              "cli-file-name",
              "misnamed migration files beside good ones",
              1,
              "migration failed: Invalid SQL filenames found: Invalid versioned migration name format: V3_x.sql (could not"
                  + " recognise version number 3_x) Unrecognised migration name format: v4__lower.sql",
              (dir, db) ->
                  withFiles(
                      dir,
                      db,
                      Map.of(
                          "V1__ok.sql",
                          "CREATE TABLE ok (id int);",
                          "V3_x.sql",
                          "SELECT 1;",
                          "v4__lower.sql",
                          "SELECT 1;"))),
          new Case(
              "cli-duplicate-version",
              "two files for one version (V1 and V1.0)",
              1,
              // Flyway lists the two files in the order it found them, which the file system
              // decides.
              "migration failed: Found more than one migration with version {either 1 or 1.0} Offenders: -> {either"
                  + " V1__a.sql or V1.0__b.sql} (SQL) -> {the other} (SQL)",
              (dir, db) ->
                  withFiles(dir, db, Map.of("V1__a.sql", "SELECT 1;", "V1.0__b.sql", "SELECT 1;"))),
          new Case(
              "cli-bad-sql",
              "a migration with bad SQL",
              1,
              "migration failed: migration V1__bad.sql (version 1) failed: ERROR: relation \"nowhere\" does not exist"
                  + " (statement at line 1); its transaction was rolled back, earlier migrations stay applied",
              (dir, db) ->
                  withFiles(dir, db, Map.of("V1__bad.sql", "INSERT INTO nowhere VALUES (1);"))),
          new Case(
              "cli-other-dialect",
              "a migration written for MySQL/MariaDB, run on PostgreSQL",
              1,
              "migration failed: migration V1__mysql.sql (version 1) failed: ERROR: syntax error at"
                  + " or near \"AUTO_INCREMENT\" (statement at line 1); its transaction was rolled"
                  + " back, earlier migrations stay applied. Note: this looks like MySQL/MariaDB"
                  + " syntax (AUTO_INCREMENT), but the database is PostgreSQL: write the migration"
                  + " for PostgreSQL, or check that the URL points at the intended database",
              (dir, db) ->
                  withFiles(
                      dir,
                      db,
                      Map.of(
                          "V1__mysql.sql",
                          "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;"))),
          new Case(
              "cli-mixed",
              "CREATE INDEX CONCURRENTLY beside CREATE TABLE in one file",
              1,
              "migration failed: migration V1__mixed.sql (version 1) failed: Detected both transactional and"
                  + " non-transactional statements within the same migration (even though mixed is false). Offending"
                  + " statement found at line 2: CREATE INDEX CONCURRENTLY t_id ON t (id) [non-transactional]; put"
                  + " statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...) in a migration"
                  + " of their own",
              (dir, db) ->
                  withFiles(
                      dir,
                      db,
                      Map.of(
                          "V1__mixed.sql",
                          "CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t_id ON t (id);"))),
          new Case(
              "cli-target",
              "--target that is no version",
              1,
              "migration failed: invalid target 'newest': use latest or a version such as 3 or 1.2",
              (dir, db) ->
                  List.of(
                      "migrate",
                      "--url",
                      db.postgresUrl(),
                      "--migrations",
                      migrations(dir).toString(),
                      "--target",
                      "newest")),
          new Case(
              "cli-checksum",
              "an applied migration was edited",
              1,
              "migration failed: migration V1__init.sql (version 1) was changed after it was applied (its checksum differs"
                  + " from the one recorded in the database); restore the file as it was applied, and put the change in a"
                  + " new migration. If the edit changes nothing in the database (a comment, say), accept it with dbmigrate"
                  + " repair (for a DatabaseMigration: the annotation dbmigrate.io/repair-requested=<token>): it realigns"
                  + " the recorded checksum and applies nothing",
              (dir, db) -> {
                applied(dir, db, Map.of("V1__init.sql", "CREATE TABLE shop (id int);"));
                return withFiles(dir, db, Map.of("V1__init.sql", "CREATE TABLE shop (id bigint);"));
              }),
          new Case(
              "cli-ahead",
              "the database has a migration the sources lack",
              1,
              "migration failed: the database is ahead of these sources: version 2 (V2__more.sql) is applied in the"
                  + " database but missing from the migrations; deploy sources that contain it, or restore the missing files",
              (dir, db) -> {
                applied(
                    dir,
                    db,
                    Map.of(
                        "V1__init.sql",
                        "CREATE TABLE shop (id int);",
                        "V2__more.sql",
                        "SELECT 1;"));
                return withFiles(dir, db, Map.of("V1__init.sql", "CREATE TABLE shop (id int);"));
              }),
          new Case(
              "cli-failed-earlier",
              "the history has a failed entry from an earlier run",
              1,
              "migration failed: migration V2__index.sql (version 2) failed in an earlier run and is recorded as failed"
                  + " in the schema history; the database may be partly changed. Finish or undo by hand what the"
                  + " migration did (repair does not), then clear the failed entry with dbmigrate repair (for a"
                  + " DatabaseMigration: the annotation dbmigrate.io/repair-requested=<token>), and run again",
              (dir, db) -> {
                applied(dir, db, Map.of("V1__init.sql", "CREATE TABLE shop (id int);"));
                db.execute(
                    "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
                        + " checksum, installed_by, execution_time, success) VALUES (2, '2', 'index', 'SQL',"
                        + " 'V2__index.sql', 0, 'postgres', 5, false)");
                return withFiles(
                    dir,
                    db,
                    Map.of(
                        "V1__init.sql",
                        "CREATE TABLE shop (id int);",
                        "V2__index.sql",
                        "CREATE INDEX CONCURRENTLY shop_id ON shop (id);"));
              }),
          new Case(
              "cli-no-history",
              "migrate on a schema with tables but no schema history",
              1,
              "migration failed: \"public\" has objects but no schema history table, so it is unknown which migrations"
                  + " they stand for. If they are what the migrations up to version V created, record that with dbmigrate"
                  + " baseline --version V (or the Flyway settings baselineOnMigrate=true and baselineVersion=V), and"
                  + " runs apply only the migrations above V; otherwise migrate an empty schema",
              (dir, db) -> {
                db.execute("CREATE TABLE legacy (id int)");
                return migrate(dir, db.postgresUrl());
              }),
          new Case(
              "cli-baseline-no-version",
              "baseline without --version",
              2,
              "Missing required option: '--version=VERSION'",
              (dir, db) -> List.of("baseline", "--url", db.postgresUrl())),
          new Case(
              "cli-baseline-version",
              "baseline with a --version that is no version",
              2,
              "Invalid value for option '--version': 'v3' is not a version: use one such as 1, 3 or 1.2",
              (dir, db) -> List.of("baseline", "--url", db.postgresUrl(), "--version", "v3")),
          new Case(
              "cli-baseline-history",
              "baseline on a database that has a schema history",
              1,
              "baseline failed: the schema history already records 1 migration: 1 (V1__init.sql); baseline is only"
                  + " for a database with existing objects and no history",
              (dir, db) -> {
                applied(dir, db, Map.of("V1__init.sql", "CREATE TABLE shop (id int);"));
                return List.of("baseline", "--url", db.postgresUrl(), "--version", "1");
              }),
          new Case(
              "cli-repair-unreachable",
              "repair with nothing listening at the host and port",
              1,
              "repair failed: cannot reach the database at 127.0.0.1:1/{db} as postgres: Connection refused",
              (dir, db) ->
                  List.of(
                      "repair",
                      "--url",
                      "postgres://postgres@127.0.0.1:1/" + db.name(),
                      "--migrations",
                      migrations(dir).toString())),
          new Case(
              "cli-reset-production",
              "reset outside development",
              2,
              "reset refused in environment production: it drops every object in the schema and runs only with"
                  + " --environment development",
              (dir, db) ->
                  List.of(
                      "reset",
                      "--url",
                      db.postgresUrl(),
                      "--migrations",
                      migrations(dir).toString(),
                      "--yes")),
          new Case(
              "cli-backup-tool",
              "--backup-dir with no pg_dump to run",
              1,
              "migration failed: backup failed, nothing was changed: cannot run {dir}/no-pg_dump: Cannot run program"
                  + " \"{dir}/no-pg_dump\": error=2, No such file or directory",
              (dir, db) ->
                  List.of(
                      "migrate",
                      "--url",
                      db.postgresUrl(),
                      "--migrations",
                      migrations(dir).toString(),
                      "--backup-dir",
                      dir.toString())),
          new Case(
              "cli-lock-timeout-negative",
              "a negative --lock-timeout",
              2,
              "Invalid value for option '--lock-timeout': '-1s' is negative: use 100ms to 1h, written e.g. "
                  + "500ms, 90s, 10m, 1h30m or ISO-8601 such as PT5S or PT1H30M, or 0s for none",
              (dir, db) -> migrateWith(dir, db, "--lock-timeout", "-1s")),
          new Case(
              "cli-lock-timeout-long",
              "a --lock-timeout longer than an hour",
              2,
              "Invalid value for option '--lock-timeout': '2h' is too long: use 100ms to 1h, written e.g. "
                  + "500ms, 90s, 10m, 1h30m or ISO-8601 such as PT5S or PT1H30M, or 0s for none",
              (dir, db) -> migrateWith(dir, db, "--lock-timeout", "2h")),
          new Case(
              "cli-lock-retries",
              "--lock-retries above 20",
              2,
              "Invalid value for option '--lock-retries': 50 is outside 0 to 20",
              (dir, db) -> migrateWith(dir, db, "--lock-retries", "50")),
          new Case(
              "cli-statement-timeout-short",
              "a --statement-timeout under a second",
              2,
              "Invalid value for option '--statement-timeout': '10ms' is too short: use 1s to 24h, written e.g. "
                  + "500ms, 90s, 10m, 1h30m or ISO-8601 such as PT5S or PT1H30M, or 0s for none",
              (dir, db) -> migrateWith(dir, db, "--statement-timeout", "10ms")),
          new Case(
              "cli-flyway-unknown-key",
              "--flyway with a setting dbmigrate does not know (a typo)",
              2,
              "unknown Flyway setting 'tabel'; supported: "
                  + SUPPORTED_FLYWAY_SETTINGS
                  + " and placeholders.<name>",
              (dir, db) -> migrateWith(dir, db, "--flyway", "tabel=history")),
          new Case(
              "cli-flyway-bad-boolean",
              "--flyway outOfOrder=yes",
              2,
              "Flyway setting outOfOrder must be true or false, not 'yes'",
              (dir, db) -> migrateWith(dir, db, "--flyway", "outOfOrder=yes")),
          new Case(
              "cli-flyway-default-schema",
              "a defaultSchema that is not one of the schemas",
              2,
              "defaultSchema audit is not one of schemas (app): Flyway keeps its history in the"
                  + " default schema, which it must manage",
              (dir, db) ->
                  migrateWith(
                      dir, db, "--flyway", "schemas=app", "--flyway", "defaultSchema=audit")),
          new Case(
              "cli-placeholder-env-missing",
              "--placeholder-from-env names an unset environment variable",
              2,
              "environment variable API_TOKEN is not set (--placeholder-from-env token=API_TOKEN)",
              (dir, db) -> migrateWith(dir, db, "--placeholder-from-env", "token=API_TOKEN")),
          new Case(
              "cli-config-unknown-key",
              "a flyway.toml with a setting dbmigrate does not take",
              2,
              "{dir}/flyway.toml: unknown Flyway setting 'cleanDisabled'; supported: "
                  + SUPPORTED_FLYWAY_SETTINGS
                  + " and placeholders.<name>",
              (dir, db) -> withConfig(dir, db, "flyway.toml", "[flyway]\ncleanDisabled = false\n")),
          new Case(
              "cli-config-url",
              "a flyway.conf that gives flyway.url",
              2,
              "{dir}/flyway.conf: flyway.url is not read from a config file; give the database with"
                  + " --url or DBMIGRATE_URL (spec.database.urlFrom)",
              (dir, db) ->
                  withConfig(
                      dir,
                      db,
                      "flyway.conf",
                      "flyway.url=jdbc:postgresql://db/shop\nflyway.table=h\n")),
          new Case(
              "cli-config-missing",
              "--config names a file that does not exist",
              2,
              "cannot read {dir}/absent.toml: no such file",
              (dir, db) -> migrateWith(dir, db, "--config", dir.resolve("absent.toml").toString())),
          new Case(
              "cli-config-malformed",
              "a flyway.toml that is not valid TOML",
              2,
              "{dir}/flyway.toml is not valid TOML (line 1, column 8): Newline not permitted here",
              (dir, db) -> withConfig(dir, db, "flyway.toml", "[flyway\ntable = \"h\"\n")),
          new Case(
              "cli-config-extension",
              "--config names a file that is neither .toml nor .conf",
              2,
              "--config {dir}/flyway.yaml: name a flyway.toml (TOML) or flyway.conf (properties)"
                  + " file; the extension .toml or .conf says which",
              (dir, db) -> withConfig(dir, db, "flyway.yaml", "flyway:\n  table: h\n")),
          new Case(
              "cli-unknown-option",
              "an option that does not exist (--password)",
              2,
              "Unknown options: '--password', 'x'",
              (dir, db) ->
                  List.of(
                      "migrate",
                      "--url",
                      db.postgresUrl(),
                      "--migrations",
                      migrations(dir).toString(),
                      "--password",
                      "x")),
          new Case(
              "cli-image-reference",
              "--migrations-image that is no image reference",
              2,
              "Invalid value for option '--migrations-image': invalid image reference 'Shop/App:1': the"
                  + " repository 'Shop/App' must be lowercase letters, digits and separators; expected"
                  + " [registry/]repository[:tag][@sha256:digest]",
              (dir, db) -> fromImage(db, "Shop/App:1")),
          new Case(
              "cli-image-not-found",
              "--migrations-image names a tag the registry does not have",
              1,
              "migration failed: image {registry}/shop/app:9.9 not found: registry {registry} has no"
                  + " such repository, tag or digest",
              (dir, db) -> {
                withCredentials(dir);
                push("shop/app", List.of(imageLayer()));
                return fromImage(db, registry.reference("shop/app", "9.9"));
              }),
          new Case(
              "cli-image-unauthorized",
              "the registry wants credentials and the Docker config has none",
              1,
              "migration failed: registry {registry} refused access to shop/app (HTTP 401): no"
                  + " credentials for {registry} were found; add them to the Docker config file"
                  + " (DOCKER_CONFIG or ~/.docker/config.json; in a cluster, a pull secret)",
              (dir, db) -> fromImage(db, registry.reference("shop/app", "1"))),
          new Case(
              "cli-image-wrong-credentials",
              "the Docker config's credentials for the registry are wrong",
              1,
              "migration failed: registry {registry} refused access to shop/app (HTTP 401): the"
                  + " credentials for {registry} from {dir}/docker/config.json were not accepted or"
                  + " may not pull this repository",
              (dir, db) -> {
                registry.dockerConfig(dir.resolve("docker"), REGISTRY_USER, "not-the-password");
                return fromImage(db, registry.reference("shop/app", "1"));
              }),
          new Case(
              "cli-image-path",
              "--migrations-image-path is not in the image",
              1,
              "migration failed: path /db/migrations is not in image {registry}/shop/app@{digest}"
                  + " (its top-level entries: app, migrations)",
              (dir, db) -> {
                withCredentials(dir);
                push("shop/app", List.of(imageLayer()));
                return fromImage(
                    db,
                    registry.reference("shop/app", "1"),
                    "--migrations-image-path",
                    "/db/migrations");
              }),
          new Case(
              "cli-image-empty-path",
              "the image's path holds no migrations",
              1,
              "migration failed: path /migrations of image {registry}/shop/empty@{digest} contains no"
                  + " migrations (V<version>__<description>.sql or R__<description>.sql)",
              (dir, db) -> {
                withCredentials(dir);
                push(
                    "shop/empty",
                    List.of(new TarLayer().file("migrations/README.md", "none").tar()));
                return fromImage(db, registry.reference("shop/empty", "1"));
              }),
          new Case(
              "cli-image-layer-size",
              "a layer of the image is larger than the bound",
              1,
              "migration failed: layer 1 of image {registry}/shop/huge@{digest} is 300 MiB; dbmigrate"
                  + " pulls layers of at most 256 MiB",
              (dir, db) -> {
                withCredentials(dir);
                // The manifest declares the size; the pull refuses before it downloads anything.
                byte[] blob = TarLayer.gzip(imageLayer());
                String layer =
                    TestRegistry.descriptor(
                        TestRegistry.TAR_GZIP,
                        registry.pushBlob("shop/huge", blob),
                        300L * 1024 * 1024,
                        "");
                pushedDigest =
                    registry.pushManifest("shop/huge", "1", registry.manifestJson(List.of(layer)));
                return fromImage(db, registry.reference("shop/huge", "1"));
              }),
          new Case(
              "cli-image-digest",
              "a layer in the registry does not match its digest (corrupted)",
              1,
              "migration failed: layer 1 of image {registry}/shop/corrupt@{digest} does not match its"
                  + " digest: the registry sent different content (corrupted in its storage or on the"
                  + " way); push the image again",
              (dir, db) -> {
                withCredentials(dir);
                byte[] tar =
                    new TarLayer()
                        .file("migrations/V1__init.sql", "CREATE TABLE shop (id int);")
                        .tar();
                pushedDigest = registry.pushImage("shop/corrupt", "1", List.of(tar), false);
                Path blob = registry.blobFile(TestRegistry.digest(tar));
                byte[] stored = Files.readAllBytes(blob);
                stored[512] = 'c'; // the file's first byte: still a tar, another digest
                Files.write(blob, stored);
                return fromImage(db, registry.reference("shop/corrupt", "1"));
              }),
          new Case(
              "cli-image-unreachable",
              "nothing listens at the registry's host and port",
              1,
              "migration failed: cannot reach registry 127.0.0.1:1 (http): connection refused",
              (dir, db) -> fromImage(db, "127.0.0.1:1/shop/app:1")),
          new Case(
              "cli-seed-image-form",
              "--seed-image whose path after '#' is not absolute",
              2,
              "Invalid value for option '--seed-image': seed demo: the path after '#' must be an"
                  + " absolute directory such as /seeds, not 'seeds'",
              (dir, db) ->
                  migrateWith(
                      dir,
                      db,
                      "--seed-image",
                      "demo=" + registry.reference("shop/seeds", "1") + "#seeds")),
          new Case(
              "cli-seed-image-not-found",
              "--seed-image names a tag the registry does not have",
              1,
              "migration failed: seed demo: image {registry}/shop/seeds:9.9 not found: registry"
                  + " {registry} has no such repository, tag or digest",
              (dir, db) -> {
                withCredentials(dir);
                return migrateWith(
                    dir, db, "--seed-image", "demo=" + registry.reference("shop/seeds", "9.9"));
              }),
          new Case(
              "cli-seed-image-empty-path",
              "the seed image's path holds no .sql files",
              1,
              "migration failed: seed demo: path /seeds of image {registry}/shop/seeds@{digest}"
                  + " contains no .sql files",
              (dir, db) -> {
                withCredentials(dir);
                push("shop/seeds", List.of(new TarLayer().file("seeds/README.md", "none").tar()));
                return migrateWith(
                    dir, db, "--seed-image", "demo=" + registry.reference("shop/seeds", "1"));
              }));

  private static List<String> fromImage(PostgresDatabase db, String reference, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("migrate", "--url", db.postgresUrl(), "--migrations-image", reference));
    args.addAll(List.of(options));
    return args;
  }

  /**
   * The Docker config the cases run with ({dir}/docker, as DOCKER_CONFIG says), with the password.
   */
  private static void withCredentials(Path dir) throws IOException {
    registry.dockerConfig(dir.resolve("docker"), REGISTRY_USER, REGISTRY_PASSWORD);
  }

  private static byte[] imageLayer() {
    return new TarLayer()
        .file("app/run.sh", "#!/bin/sh")
        .file("migrations/V1__init.sql", "CREATE TABLE shop (id int);")
        .tar();
  }

  private static void push(String repository, List<byte[]> layers) {
    pushedDigest = registry.pushImage(repository, "1", layers, true);
  }

  /** migrate with a valid set and a --config file of the given name and text. */
  private static List<String> withConfig(Path dir, PostgresDatabase db, String name, String text)
      throws IOException {
    Path file = Files.writeString(dir.resolve(name), text);
    return migrateWith(dir, db, "--config", file.toString());
  }

  /** migrate with a valid set and the given extra options. */
  private static List<String> migrateWith(Path dir, PostgresDatabase db, String... options)
      throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "migrate", "--url", db.postgresUrl(), "--migrations", migrations(dir).toString()));
    args.addAll(List.of(options));
    return args;
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersWithOneClearLineAndChangesNothing(Case badInput) throws Exception {
    List<String> args =
        badInput.setup().prepare(dir, db).stream()
            .map(arg -> arg.replace(MARIADB_DATABASE, mariaDb.name()))
            .toList();
    List<String> tablesBefore = tables();
    List<String> mariaDbTablesBefore = mariaDbTables();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine =
        DbMigrate.commandLine(
            Map.of(
                "DBMIGRATE_PG_DUMP",
                dir.resolve("no-pg_dump").toString(),
                "PATH",
                dir.resolve("no-bin").toString(),
                "DOCKER_CONFIG",
                dir.resolve("docker").toString()));
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));

    int exit = commandLine.execute(args.toArray(String[]::new));

    String expected =
        badInput
            .message()
            .replace("{db}", db.name())
            .replace("{dir}", dir.toString())
            .replace("{mariadb-version}", mariaDbVersion())
            .replace("{registry}", registry.address())
            .replace("{digest}", String.valueOf(pushedDigest));
    assertThat(exit).as(err.toString()).isEqualTo(badInput.exitCode());
    assertThat(err.toString().lines().findFirst().orElse("")).matches(asPattern(expected));
    assertThat(tables()).as("the schema is unchanged").isEqualTo(tablesBefore);
    assertThat(mariaDbTables())
        .as("the MariaDB schema is unchanged")
        .isEqualTo(mariaDbTablesBefore);
  }

  private List<String> mariaDbTables() {
    return mariaDb.column(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
            + " ORDER BY table_name");
  }

  /** {@code 10.11.19}, as this machine's MariaDB reports itself. */
  private static String mariaDbVersion() throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:mariadb://" + MariaDbDatabase.HOST + ":" + MariaDbDatabase.PORT + "/",
                MariaDbDatabase.USER,
                "");
        ResultSet version = connection.createStatement().executeQuery("SELECT VERSION()")) {
      version.next();
      return version.getString(1).split("-")[0];
    }
  }

  /**
   * The message exactly, but where Flyway's order is the file system's: {either A or B} … {the
   * other}.
   */
  static String asPattern(String message) {
    StringBuilder pattern = new StringBuilder();
    java.util.regex.Matcher choice =
        java.util.regex.Pattern.compile("\\{either (.+?) or (.+?)\\}|\\{the other\\}")
            .matcher(message);
    int end = 0;
    while (choice.find()) {
      pattern.append(java.util.regex.Pattern.quote(message.substring(end, choice.start())));
      pattern.append(
          choice.group(1) == null
              ? "(?:.+?)"
              : "(?:"
                  + java.util.regex.Pattern.quote(choice.group(1))
                  + "|"
                  + java.util.regex.Pattern.quote(choice.group(2))
                  + ")");
      end = choice.end();
    }
    return pattern.append(java.util.regex.Pattern.quote(message.substring(end))).toString();
  }

  private List<String> tables() throws Exception {
    List<String> tables = new ArrayList<>();
    try (Connection connection = db.connect();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT table_name || ':' || (SELECT count(*) FROM information_schema.columns c WHERE c.table_name = t.table_name)"
                        + " FROM information_schema.tables t WHERE table_schema = 'public' ORDER BY 1")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    // Flyway creates its (empty) history table before it applies anything: that is no change.
    boolean history = tables.remove("flyway_schema_history:10");
    if (history) {
      try (Connection connection = db.connect();
          ResultSet rows =
              connection
                  .createStatement()
                  .executeQuery(
                      "SELECT count(*), coalesce(sum(checksum), 0) FROM flyway_schema_history")) {
        rows.next();
        if (rows.getLong(1) > 0) {
          tables.add("history:" + rows.getLong(1) + ":" + rows.getLong(2));
        }
      }
    }
    return tables;
  }

  private static Path migrations(Path dir) throws IOException {
    Path migrations = Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(migrations.resolve("V1__init.sql"), "CREATE TABLE shop (id int);");
    return migrations;
  }

  private static List<String> migrate(Path dir, String url) throws IOException {
    return List.of("migrate", "--url", url, "--migrations", migrations(dir).toString());
  }

  private static List<String> withFiles(Path dir, PostgresDatabase db, Map<String, String> files)
      throws IOException {
    Path migrations = Files.createDirectories(dir.resolve("migrations"));
    try (Stream<Path> old = Files.list(migrations)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(migrations.resolve(file.getKey()), file.getValue());
    }
    return List.of("migrate", "--url", db.postgresUrl(), "--migrations", migrations.toString());
  }

  private static void applied(Path dir, PostgresDatabase db, Map<String, String> files)
      throws IOException {
    List<String> args = withFiles(dir, db, files);
    CommandLine commandLine = DbMigrate.commandLine(Map.of());
    commandLine.setOut(new PrintWriter(new StringWriter()));
    assertThat(commandLine.execute(args.toArray(String[]::new))).isZero();
  }
}
