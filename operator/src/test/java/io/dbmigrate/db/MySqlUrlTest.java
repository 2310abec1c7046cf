package io.dbmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MySQL and MariaDB URL forms, held to the rules {@link ConnectionSettingsTest} sets. */
class MySqlUrlTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mysql://app:secret@db:3307/shop | jdbc:mariadb://db:3307/shop | app | secret | MYSQL",
        "mysql://app:secret@db/shop | jdbc:mariadb://db:3306/shop | app | secret | MYSQL",
        "MySQL://app@db/shop?sslMode=verify-full | jdbc:mariadb://db:3306/shop?sslMode=verify-full | app | | MYSQL",
        "mariadb://u:p@h1,h2:3307/shop | jdbc:mariadb://h1:3306,h2:3307/shop | u | p | MARIADB",
        "mariadb://u:p@[::1]/shop | jdbc:mariadb://[::1]:3306/shop | u | p | MARIADB",
        "mysql://u:p@db/shop?connection_limit=3&pool_timeout=10&useSsl=true | jdbc:mariadb://db:3306/shop?useSsl=true | u | p | MYSQL",
        "mysql://db/shop?user=u&password=p%40ss | jdbc:mariadb://db:3306/shop | u | p@ss | MYSQL",
        "mariadb://u:p@db | jdbc:mariadb://db:3306/ | u | p | MARIADB",
        "jdbc:mysql://db:3306/shop?useSsl=true | jdbc:mariadb://db:3306/shop?useSsl=true | | | MYSQL",
        "jdbc:mysql://app:Pw-jdbc-1@db/shop | jdbc:mariadb://db/shop | app | Pw-jdbc-1 | MYSQL",
        "jdbc:mariadb://db/shop?user=app&password=s%3Dcret&useSsl=true | jdbc:mariadb://db/shop?useSsl=true | app | s=cret | MARIADB",
        "jdbc:mariadb://app:p%2Fw%3Fx%23y@db/shop | jdbc:mariadb://db/shop | app | p/w?x#y | MARIADB",
        "mysql://app:with:colons@db/shop | jdbc:mariadb://db:3306/shop | app | with:colons | MYSQL",
        "mysql://app:p@ss@db/shop | jdbc:mariadb://db:3306/shop | app | p@ss | MYSQL",
      })
  void convertsEveryFormToTheMariaDbDriversUrl(
      String url, String jdbcUrl, String user, String password, DatabaseEngine engine) {
    ConnectionSettings settings = ConnectionSettings.resolve(url, null, null);

    assertThat(settings.jdbcUrl()).isEqualTo(jdbcUrl);
    assertThat(settings.username()).isEqualTo(user);
    assertThat(settings.password()).isEqualTo(password);
    assertThat(settings.engine()).isEqualTo(engine);
  }

  @Test
  void decodesPercentEncodedCredentialsButKeepsPlus() {
    ConnectionSettings settings =
        ConnectionSettings.resolve(
            "mysql://us%40er:p%40ss%2Fw%3Ard+x%25%C3%A9@db/shop", null, null);

    assertThat(settings.username()).isEqualTo("us@er");
    assertThat(settings.password()).isEqualTo("p@ss/w:rd+x%é");
  }

  @Test
  void explicitCredentialsWinOverTheUrl() {
    ConnectionSettings settings =
        ConnectionSettings.resolve("mariadb://url-user:url-pass@db/shop", "su", "sp");

    assertThat(settings.username()).isEqualTo("su");
    assertThat(settings.password()).isEqualTo("sp");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mysql://app:Sl4sh/Pw-my-1@db:3306/shop | / | %2F | mysql://app:****@db:3306/shop",
        "mariadb://app:Qm?Pw-my-2@db/shop | ? | %3F | mariadb://app:****@db/shop",
        "mysql://app:Hash#Pw-my-3@db/shop | # | %23 | mysql://app:****@db/shop",
        "jdbc:mariadb://app:Sl4sh/Pw-my-4@db/shop | / | %2F | jdbc:mariadb://app:****@db/shop",
        "jdbc:mysql://app:Sl4sh/Pw-my-5@db/shop | / | %2F | jdbc:mysql://app:****@db/shop",
      })
  void refusesUserInfoWithUnencodedDelimitersShowingItMasked(
      String url, String character, String encoded, String shown) {
    assertThatThrownBy(() -> ConnectionSettings.resolve(url, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(shown)
        .hasMessageContaining("contains '" + character + "'")
        .hasMessageContaining("percent-encode it as " + encoded)
        .hasMessageNotContaining("Pw-my");
    assertThat(Redactor.process().redact("url " + url.substring(url.indexOf(':', 14) + 1)))
        .doesNotContain("Pw-my");
  }

  @Test
  void brokenPercentEncodingShowsTheUrlMasked() {
    assertThatThrownBy(() -> ConnectionSettings.resolve("mysql://u:Pw-zy%zz@db/shop", null, null))
        .hasMessage(
            "database URL mysql://****@db has an invalid percent-encoding in the password;"
                + " encode '%' as %25")
        .hasMessageNotContaining("Pw-zy");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "mysql://u:Pw-port-1@db:abc/shop",
    "jdbc:mariadb://u:Pw-port-2@db:70000/shop",
    "mariadb://u:Pw-port-3@db:0/shop",
    "jdbc:mysql://u:Pw-port-4@:3306/shop",
  })
  void refusesABadPortOrHostWithoutThePassword(String url) {
    assertThatThrownBy(() -> ConnectionSettings.resolve(url, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not valid: check the host, the port (a number)")
        .hasMessageContaining("mariadb://user:password@host:port/database")
        .hasMessageNotContaining("Pw-port");
  }

  @Test
  void refusesAJdbcUrlWithoutHost() {
    assertThatThrownBy(() -> ConnectionSettings.resolve("jdbc:mysql:shop", null, null))
        .hasMessageStartingWith("unsupported database URL (jdbc:mysql: without //host)");
  }

  @Test
  void otherSchemesAreRefusedNamingEveryAcceptedForm() {
    assertThatThrownBy(() -> ConnectionSettings.resolve("sqlserver://app:Pw-ss-1@db", null, null))
        .hasMessage(
            "unsupported database URL (scheme 'sqlserver'); expected"
                + " jdbc:postgresql://host:port/database or"
                + " postgresql://user:password@host:port/database (postgres:// also accepted);"
                + " for MariaDB/MySQL jdbc:mariadb://host:port/database or"
                + " mariadb://user:password@host:port/database"
                + " (jdbc:mysql:// and mysql:// also accepted)");
  }

  @Test
  void describesHostPortDatabaseAndUserWithoutThePassword() {
    ConnectionSettings settings =
        ConnectionSettings.resolve("jdbc:mysql://app:Pw-d-1@h1,h2:3307/shop", null, null);

    assertThat(settings.describe()).isEqualTo("h1:3306,h2:3307/shop as app");
    assertThat(settings.toString()).doesNotContain("Pw-d-1").contains("engine=MYSQL");
  }

  @Test
  void explainsMariaDbConnectionFailuresByErrorNumber() {
    ConnectionSettings settings =
        ConnectionSettings.resolve("mariadb://app:hunter2@db:1/shop", null, null);

    assertThat(
            ConnectionFailures.explain(
                new SQLException(
                    "Socket fail to connect to db:1. Connection refused",
                    "08000",
                    new ConnectException("Connection refused")),
                settings))
        .isEqualTo("cannot reach the database at db:1/shop as app: Connection refused");
    assertThat(
            ConnectionFailures.explain(
                new SQLException("(conn=5) Access denied for user 'app'@'10.0.0.1'", "28000", 1045),
                settings))
        .startsWith("authentication failed for user \"app\" at db:1/shop as app");
    assertThat(
            ConnectionFailures.explain(
                new SQLException("(conn=5) Unknown database 'shop'", "42000", 1049), settings))
        .isEqualTo("database does not exist: db:1/shop as app ((conn=5) Unknown database 'shop')");
    assertThat(
            ConnectionFailures.explain(
                new SQLException(
                    "(conn=5) Access denied for user 'app'@'%' to database 'shop'", "42000", 1044),
                settings))
        .startsWith("access denied for user \"app\" to the database at db:1/shop as app")
        .doesNotContain("hunter2");
  }

  @Test
  void giveTheMariaDbDriverItsOwnTimeoutsInMilliseconds() {
    assertThat(DatabaseEngine.MYSQL.driverProperties("dbmigrate", 10, 30, 5))
        .containsEntry("connectTimeout", "30000")
        .containsEntry("socketTimeout", "5000")
        .containsEntry("connectionAttributes", "program_name:dbmigrate")
        .doesNotContainKey("loginTimeout");
    assertThat(DatabaseEngine.POSTGRESQL.driverProperties("dbmigrate", 10, 30, 0))
        .containsEntry("connectTimeout", "10")
        .containsEntry("loginTimeout", "30")
        .containsEntry("ApplicationName", "dbmigrate")
        .doesNotContainKey("socketTimeout");
  }
}
