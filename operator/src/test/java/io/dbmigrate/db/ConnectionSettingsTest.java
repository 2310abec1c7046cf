package io.dbmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectionSettingsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "postgres://app:secret@db:5432/shop | jdbc:postgresql://db:5432/shop | app | secret",
        "postgresql://app:secret@db/shop | jdbc:postgresql://db:5432/shop | app | secret",
        "postgresql://app@db.example.com:6543/shop?sslmode=require | jdbc:postgresql://db.example.com:6543/shop?sslmode=require | app |",
        "postgresql://u:p@h1:5432,h2:5433/shop?targetServerType=primary | jdbc:postgresql://h1:5432,h2:5433/shop?targetServerType=primary | u | p",
        "postgresql://u:p@h1,h2/shop | jdbc:postgresql://h1:5432,h2:5432/shop | u | p",
        "postgresql://u:p@[::1]:5433/shop | jdbc:postgresql://[::1]:5433/shop | u | p",
        "postgresql://u:p@[2001:db8::7]/shop | jdbc:postgresql://[2001:db8::7]:5432/shop | u | p",
        "postgresql://u:p@db/shop?schema=billing&sslmode=verify-full | jdbc:postgresql://db:5432/shop?currentSchema=billing&sslmode=verify-full | u | p",
        "postgresql://u:p@db/shop?connect_timeout=5&connection_limit=3&pool_timeout=10&pgbouncer=true | jdbc:postgresql://db:5432/shop?connectTimeout=5 | u | p",
        "POSTGRESQL://u:p@db/shop | jdbc:postgresql://db:5432/shop | u | p",
        "postgresql://db/shop?user=u&password=p%40ss | jdbc:postgresql://db:5432/shop | u | p@ss",
        "postgresql://u:p@db | jdbc:postgresql://db:5432/ | u | p",
        "jdbc:postgresql://db:5432/shop?sslmode=require | jdbc:postgresql://db:5432/shop?sslmode=require | |",
        "jdbc:postgresql://db/shop?user=app&password=s%3Dcret&ssl=true | jdbc:postgresql://db/shop?ssl=true | app | s=cret",
      })
  void convertsUrls(String url, String jdbcUrl, String user, String password) {
    ConnectionSettings settings = ConnectionSettings.resolve(url, null, null);

    assertThat(settings.jdbcUrl()).isEqualTo(jdbcUrl);
    assertThat(settings.username()).isEqualTo(user);
    assertThat(settings.password()).isEqualTo(password);
  }

  @Test
  void decodesPercentEncodedCredentialsButKeepsPlus() {
    ConnectionSettings settings =
        ConnectionSettings.resolve(
            "postgresql://us%40er:p%40ss%2Fw%3Ard+x%25%C3%A9@db/shop", null, null);

    assertThat(settings.username()).isEqualTo("us@er");
    assertThat(settings.password()).isEqualTo("p@ss/w:rd+x%é");
  }

  @Test
  void toleratesAnUnencodedAtInThePassword() {
    ConnectionSettings settings =
        ConnectionSettings.resolve("postgresql://app:p@ss@db/shop", null, null);

    assertThat(settings.password()).isEqualTo("p@ss");
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/shop");
  }

  @Test
  void explicitCredentialsWinOverTheUrl() {
    ConnectionSettings settings =
        ConnectionSettings.resolve(
            "postgresql://url-user:url-pass@db/shop", "secret-user", "secret-pass");

    assertThat(settings.username()).isEqualTo("secret-user");
    assertThat(settings.password()).isEqualTo("secret-pass");
  }

  @Test
  void blankExplicitCredentialsFallBackToTheUrl() {
    ConnectionSettings settings = ConnectionSettings.resolve("postgresql://u:p@db/shop", " ", "");

    assertThat(settings.username()).isEqualTo("u");
    assertThat(settings.password()).isEqualTo("p");
  }

  @Test
  void rejectsOtherUrlsNamingTheAcceptedFormsButNotThePassword() {
    assertThatThrownBy(
            () -> ConnectionSettings.resolve("sqlserver://app:hunter2@db/shop", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageContaining("postgresql://user:password@host:port/database")
        .hasMessageContaining("mariadb://user:password@host:port/database")
        .hasMessageContaining("'sqlserver'")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> ConnectionSettings.resolve("db.example.com:5432/shop", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:postgresql://");
    assertThatThrownBy(() -> ConnectionSettings.resolve(" ", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no database URL");
  }

  @Test
  void rejectsBrokenPercentEncodingWithoutEchoingThePassword() {
    assertThatThrownBy(
            () -> ConnectionSettings.resolve("postgresql://u:hunter%2@db/shop", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password")
        .hasMessageNotContaining("hunter");
  }

  @Test
  void describesHostPortDatabaseAndUser() {
    assertThat(
            ConnectionSettings.resolve(
                    "postgresql://app:secret@db/shop?sslmode=require", null, null)
                .describe())
        .isEqualTo("db:5432/shop as app");
    assertThat(
            ConnectionSettings.resolve("jdbc:postgresql://h1,h2:5433/shop", "app", "x").describe())
        .isEqualTo("h1:5432,h2:5433/shop as app");
    assertThat(ConnectionSettings.resolve("jdbc:postgresql:shop", null, null).describe())
        .isEqualTo("localhost:5432/shop as the default user");
  }

  @Test
  void toStringNeverShowsThePassword() {
    ConnectionSettings settings =
        ConnectionSettings.resolve("postgresql://app:hunter2@db/shop", null, null);

    assertThat(settings.toString())
        .doesNotContain("hunter2")
        .contains("password=****")
        .contains("app");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://app:Pw-jdbc-1@db:5432/shop | jdbc:postgresql://db:5432/shop | app | Pw-jdbc-1",
        "jdbc:postgresql://app:p%2Fw%3Fx%23y@db/shop?ssl=true | jdbc:postgresql://db/shop?ssl=true | app | p/w?x#y",
        "jdbc:postgresql://app:p@ss@db/shop | jdbc:postgresql://db/shop | app | p@ss",
        "jdbc:postgresql://app@db/shop | jdbc:postgresql://db/shop | app |",
        "jdbc:postgresql:shop?user=app&password=s3cret | jdbc:postgresql:shop | app | s3cret",
        "postgres://app:a%3Ab%25c@db/shop | jdbc:postgresql://db:5432/shop | app | a:b%c",
        "postgres://app:with:colons@db/shop | jdbc:postgresql://db:5432/shop | app | with:colons",
      })
  void takesCredentialsOutOfEveryUrlForm(String url, String jdbcUrl, String user, String password) {
    ConnectionSettings settings = ConnectionSettings.resolve(url, null, null);

    assertThat(settings.jdbcUrl()).isEqualTo(jdbcUrl);
    assertThat(settings.username()).isEqualTo(user);
    assertThat(settings.password()).isEqualTo(password);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "postgres://app:Sl4sh/Pw-amb-1@127.0.0.1:5432/db | / | %2F | postgres://app:****@127.0.0.1:5432/db",
        "postgresql://app:Qm?Pw-amb-2@db/shop | ? | %3F | postgresql://app:****@db/shop",
        "postgresql://app:Hash#Pw-amb-3@db/shop | # | %23 | postgresql://app:****@db/shop",
        "jdbc:postgresql://app:Sl4sh/Pw-amb-4@db/shop | / | %2F | jdbc:postgresql://app:****@db/shop",
      })
  void refusesUserInfoWithUnencodedDelimitersShowingItMasked(
      String url, String character, String encoded, String shown) {
    assertThatThrownBy(() -> ConnectionSettings.resolve(url, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(shown)
        .hasMessageContaining("contains '" + character + "'")
        .hasMessageContaining("percent-encode it as " + encoded)
        .hasMessageNotContaining("Pw-amb");
    // Remembered before the refusal: wherever the URL may still travel, it is masked.
    assertThat(Redactor.process().redact("url " + url.substring(url.indexOf(':', 20) + 1)))
        .doesNotContain("Pw-amb");
  }

  @Test
  void brokenPercentEncodingShowsTheUrlMasked() {
    assertThatThrownBy(
            () -> ConnectionSettings.resolve("postgresql://u:Pw-zz%zz@db/shop", null, null))
        .hasMessage(
            "database URL postgresql://****@db has an invalid percent-encoding in the password;"
                + " encode '%' as %25")
        .hasMessageNotContaining("Pw-zz");
  }

  @Test
  void everyPasswordIsKnownToTheRedactor() {
    new ConnectionSettings("jdbc:postgresql://db/shop", "app", "Pw-direct-1");
    ConnectionSettings.resolve("postgres://app:Pw-url-2@db/shop", null, null);
    ConnectionSettings.resolve("postgres://db/shop", null, "Pw-env-3");

    assertThat(Redactor.process().redact("Pw-direct-1 Pw-url-2 Pw-env-3"))
        .isEqualTo("**** **** ****");
  }

  @Test
  void explainsAuthenticationFailures() {
    ConnectionSettings settings =
        new ConnectionSettings("jdbc:postgresql://db:5432/shop", "app", "hunter2");

    String message =
        ConnectionFailures.explain(
            new SQLException(
                "FATAL: password authentication failed for user \"app\" (hunter2)", "28P01"),
            settings);

    assertThat(message)
        .contains("authentication failed")
        .contains("\"app\"")
        .contains("db:5432/shop")
        .doesNotContain("hunter2");
    assertThat(
            ConnectionFailures.explain(new SQLException("no pg_hba.conf entry", "28000"), settings))
        .contains("authentication failed");
  }

  @Test
  void explainsUnreachableHostsAndMissingDatabases() {
    ConnectionSettings settings =
        new ConnectionSettings("jdbc:postgresql://db:1/shop", "app", "hunter2");

    assertThat(
            ConnectionFailures.explain(
                new SQLException(
                    "Connection to db:1 refused",
                    "08001",
                    new ConnectException("Connection refused")),
                settings))
        .isEqualTo("cannot reach the database at db:1/shop as app: Connection refused");
    assertThat(
            ConnectionFailures.explain(
                new SQLException("FATAL: database \"shop\" does not exist", "3D000"), settings))
        .startsWith("database does not exist: db:1/shop as app");
  }
}
