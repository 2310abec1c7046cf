package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.HealthSpec;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.SecretValueSource;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.MariaDbDatabase;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The operator's side of "secrets never leave the Secret": for each way a Secret may carry the
 * password, resources that succeed, fail on bad SQL, cannot reach their host and log in as a
 * missing role; then the password is searched for in every object the operator wrote, every Event,
 * every log line, the runner's output and termination messages, and the HTTP endpoints.
 */
class OperatorSecretLeakIT {
  private static final String NS = "shop";

  private final CapturedLogs logs = CapturedLogs.start();
  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();
  @RegisterExtension final MariaDbDatabase mariadb = new MariaDbDatabase();

  /** A failed MariaDB migration stays recorded as failed: the bad SQL gets its own database. */
  @RegisterExtension final MariaDbDatabase mariadbBroken = new MariaDbDatabase();

  private KubernetesClient client;

  /** A Secret's way of holding the password; each with a password of its own. */
  enum SecretForm {
    JDBC_USER_INFO("OpLeak1-jdbcUserinfo-Qa1"),
    JDBC_PASSWORD_PARAMETER("OpLeak2-jdbcParam-Ws2"),
    POSTGRES_ENCODED_DELIMITERS("OpLeak3/#?@:%-Ed3"),
    POSTGRES_UNENCODED_AT_AND_COLON("OpLeak4:at@Rf4"),
    POSTGRES_UNENCODED_SLASH("Sl4sh/OpLeak5-Tg5"),
    PASSWORD_FROM_ITS_OWN_KEY("OpLeak6-passwordFrom-Yh6");

    final String password;

    SecretForm(String password) {
      this.password = password;
    }

    String url(int port, String user, String database) {
      String hostPort = PostgresDatabase.HOST + ":" + port;
      return switch (this) {
        case JDBC_USER_INFO ->
            "jdbc:postgresql://" + user + ":" + password + "@" + hostPort + "/" + database;
        case JDBC_PASSWORD_PARAMETER ->
            "jdbc:postgresql://"
                + hostPort
                + "/"
                + database
                + "?user="
                + user
                + "&password="
                + password;
        case POSTGRES_ENCODED_DELIMITERS ->
            "postgres://"
                + user
                + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "@"
                + hostPort
                + "/"
                + database;
        case POSTGRES_UNENCODED_AT_AND_COLON, POSTGRES_UNENCODED_SLASH ->
            "postgres://" + user + ":" + password + "@" + hostPort + "/" + database;
        case PASSWORD_FROM_ITS_OWN_KEY -> "postgres://" + user + "@" + hostPort + "/" + database;
      };
    }

    boolean usable() {
      return this != POSTGRES_UNENCODED_SLASH;
    }
  }

  @AfterEach
  void stop() {
    logs.close();
  }

  @ParameterizedTest
  @EnumSource(SecretForm.class)
  void thePasswordLeavesNoTrace(SecretForm form) throws Exception {
    client = environment.client();
    PostgresDatabase database = environment.database();
    client
        .resource(
            TestResources.migrations(NS, "good", Map.of("V1__a.sql", "CREATE TABLE a (id int);")))
        .create();
    client
        .resource(
            TestResources.migrations(
                NS,
                "broken",
                Map.of("V1__a.sql", "CREATE TABLE b (id int REFERENCES nowhere(id));")))
        .create();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("ok", form.url(PostgresDatabase.PORT, database.username(), database.name()));
    cases.put("bad-sql", form.url(PostgresDatabase.PORT, database.username(), database.name()));
    cases.put("unreachable", form.url(1, database.username(), database.name()));
    cases.put("no-role", form.url(PostgresDatabase.PORT, "no_such_role_y", database.name()));
    createResources(cases, form.password, form == SecretForm.PASSWORD_FROM_ITS_OWN_KEY);

    if (form.usable()) {
      await(
          "ok",
          dm -> dm.getStatus().getPhase() == Phase.Ready && dm.getStatus().getHealth() != null);
      for (String failing : List.of("bad-sql", "unreachable", "no-role")) {
        await(failing, dm -> dm.getStatus().getPhase() == Phase.Failed);
      }
      await("unreachable", dm -> dm.getStatus().getHealth() != null);
    } else {
      for (String name : cases.keySet()) {
        DatabaseMigration stalled = await(name, dm -> dm.getStatus().getPhase() == Phase.Failed);
        assertThat(OperatorEnvironment.condition(stalled, Conditions.STALLED).orElseThrow())
            .satisfies(
                c -> {
                  assertThat(c.getStatus()).isEqualTo("True");
                  assertThat(c.getReason()).isEqualTo("InvalidDatabaseUrl");
                  assertThat(c.getMessage())
                      .contains("****@127.0.0.1:")
                      .contains("percent-encode it as %2F");
                });
      }
    }

    String everything = everythingTheOperatorLetOut(cases.keySet());
    String encoded = URLEncoder.encode(form.password, StandardCharsets.UTF_8);
    String base64 =
        Base64.getEncoder().encodeToString(form.password.getBytes(StandardCharsets.UTF_8));
    assertThat(everything)
        .doesNotContain(form.password)
        .doesNotContain(encoded)
        .doesNotContain(base64);
    assertThat(everything)
        .as("the failures are still explained")
        .contains(form.usable() ? "cannot reach the database at 127.0.0.1:1/" : "is ambiguous");
  }

  /** A MariaDB/MySQL Secret's way of holding the password. */
  enum MariaDbForm {
    MARIADB_USER_INFO("OpLeakM1-mariadbUserinfo-Uj7"),
    JDBC_MYSQL_PASSWORD_PARAMETER("OpLeakM2-jdbcMysqlParam-Ik8"),
    PASSWORD_FROM_ITS_OWN_KEY("OpLeakM3-passwordFrom-Ol9");

    final String password;

    MariaDbForm(String password) {
      this.password = password;
    }

    String url(int port, String user, String database) {
      String hostPort = MariaDbDatabase.HOST + ":" + port;
      return switch (this) {
        case MARIADB_USER_INFO ->
            "mariadb://" + user + ":" + password + "@" + hostPort + "/" + database;
        case JDBC_MYSQL_PASSWORD_PARAMETER ->
            "jdbc:mysql://" + hostPort + "/" + database + "?user=" + user + "&password=" + password;
        case PASSWORD_FROM_ITS_OWN_KEY -> "mysql://" + user + "@" + hostPort + "/" + database;
      };
    }
  }

  /**
   * The same search on MariaDB, through a user of its own with a recognisable password: a resource
   * that succeeds, one with bad SQL, one that cannot reach its host and one whose login is refused.
   */
  @ParameterizedTest
  @EnumSource(MariaDbForm.class)
  void aMariaDbPasswordLeavesNoTrace(MariaDbForm form) throws Exception {
    client = environment.client();
    String user = "leak" + mariadb.name().substring(4, 14);
    mariadb.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + form.password + "'");
    try {
      mariadb.execute("GRANT ALL ON " + mariadb.name() + ".* TO '" + user + "'@'%'");
      mariadb.execute("GRANT ALL ON " + mariadbBroken.name() + ".* TO '" + user + "'@'%'");
      client
          .resource(
              TestResources.migrations(NS, "good", Map.of("V1__a.sql", "CREATE TABLE a (id int);")))
          .create();
      client
          .resource(
              TestResources.migrations(NS, "broken", Map.of("V1__a.sql", "CREATE TABLE b (oops);")))
          .create();
      Map<String, String> cases = new LinkedHashMap<>();
      cases.put("ok", form.url(MariaDbDatabase.PORT, user, mariadb.name()));
      cases.put("bad-sql", form.url(MariaDbDatabase.PORT, user, mariadbBroken.name()));
      cases.put("unreachable", form.url(1, user, mariadb.name()));
      cases.put("no-user", form.url(MariaDbDatabase.PORT, "no_such_user_y", mariadb.name()));
      createResources(cases, form.password, form == MariaDbForm.PASSWORD_FROM_ITS_OWN_KEY);

      await(
          "ok",
          dm -> dm.getStatus().getPhase() == Phase.Ready && dm.getStatus().getHealth() != null);
      for (String failing : List.of("bad-sql", "unreachable", "no-user")) {
        await(failing, dm -> dm.getStatus().getPhase() == Phase.Failed);
      }
      await("no-user", dm -> dm.getStatus().getHealth() != null);

      String everything = everythingTheOperatorLetOut(cases.keySet());
      assertThat(everything)
          .doesNotContain(form.password)
          .doesNotContain(URLEncoder.encode(form.password, StandardCharsets.UTF_8))
          .doesNotContain(
              Base64.getEncoder().encodeToString(form.password.getBytes(StandardCharsets.UTF_8)));
      assertThat(everything)
          .as("the failures are still explained")
          .contains("cannot reach the database at 127.0.0.1:1/")
          .contains("authentication failed for user \"no_such_user_y\"");
    } finally {
      mariadb.execute("DROP USER '" + user + "'@'%'");
    }
  }

  /**
   * One Secret and resource per case, named after it; "bad-sql" takes the broken migrations. The
   * probes run every second, so that the health checks also meet the password.
   */
  private void createResources(
      Map<String, String> urls, String password, boolean passwordFromItsOwnKey) {
    urls.forEach(
        (name, url) -> {
          client
              .resource(
                  TestResources.secret(NS, name + "-db", Map.of("url", url, "password", password)))
              .create();
          DatabaseMigration resource =
              TestResources.migration(
                  NS, name, name + "-db", name.equals("bad-sql") ? "broken" : "good");
          if (passwordFromItsOwnKey) {
            resource
                .getSpec()
                .getDatabase()
                .setPasswordFrom(new SecretValueSource(name + "-db", "password"));
          }
          HealthSpec health = new HealthSpec();
          health.setInterval("1s");
          resource.getSpec().setHealth(health);
          client.resource(resource).create();
        });
  }

  private DatabaseMigration await(
      String name, java.util.function.Predicate<DatabaseMigration> done) {
    return environment.await(
        name,
        "with a phase, as expected",
        dm -> dm.getStatus().getPhase() != null && done.test(dm));
  }

  private String everythingTheOperatorLetOut(Iterable<String> names) throws Exception {
    StringBuilder everything = new StringBuilder();
    var serialization = client.getKubernetesSerialization();
    client
        .resources(DatabaseMigration.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(o -> everything.append(serialization.asJson(o)));
    client
        .batch()
        .v1()
        .jobs()
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(o -> everything.append(serialization.asJson(o)));
    client
        .pods()
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(o -> everything.append(serialization.asJson(o)));
    client
        .v1()
        .events()
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(o -> everything.append(serialization.asJson(o)));
    environment
        .kubelet()
        .runs()
        .forEach(run -> everything.append(run.output()).append(run.terminationMessage()));
    HttpClient http = HttpClient.newHttpClient();
    for (String name : names) {
      everything.append(fetch(http, "/health/" + NS + "/" + name));
    }
    everything.append(fetch(http, "/metrics"));
    everything.append(logs.text());
    return everything.toString();
  }

  private String fetch(HttpClient http, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + environment.httpPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
