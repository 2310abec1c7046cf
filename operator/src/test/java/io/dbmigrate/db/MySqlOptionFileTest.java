package io.dbmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MySqlOptionFileTest {
  @Test
  void quotesWhatTheOptionFileSyntaxWouldOtherwiseReadAsCommentEscapeOrPadding() {
    assertThat(MySqlOptionFile.quote(" a#b;c 'd' \"e\" f\\g\nh "))
        .isEqualTo("\" a#b;c 'd' \\\"e\\\" f\\\\g\\nh \"");
  }

  @Test
  void writesTheClientSectionOverTcpWithTheUrlsHostPortAndCredentials() {
    ConnectionSettings settings =
        ConnectionSettings.resolve(
            "mysql://app:S3cret%23x@db.example:3307/shop?sslMode=trust", null, null);

    assertThat(MySqlOptionFile.of(settings))
        .isEqualTo(
            "[client]\nhost=\"db.example\"\nport=3307\nprotocol=TCP\nuser=\"app\"\n"
                + "password=\"S3cret#x\"\n");
    assertThat(MySqlOptionFile.target(settings))
        .isEqualTo(new MySqlOptionFile.Target("db.example", 3307, "shop"));
  }

  @Test
  void takesTheDefaultPortTheFirstOfSeveralHostsAndAnIpv6AddressWithoutBrackets() {
    assertThat(MySqlOptionFile.target(ConnectionSettings.resolve("mariadb://db/shop", null, null)))
        .isEqualTo(new MySqlOptionFile.Target("db", 3306, "shop"));
    assertThat(
            MySqlOptionFile.target(
                ConnectionSettings.resolve("jdbc:mariadb://a:3310,b:3311/shop", null, null)))
        .isEqualTo(new MySqlOptionFile.Target("a", 3310, "shop"));
    assertThat(
            MySqlOptionFile.target(
                ConnectionSettings.resolve("jdbc:mariadb://[::1]:3307/shop", null, null)))
        .isEqualTo(new MySqlOptionFile.Target("::1", 3307, "shop"));
  }

  @Test
  void leavesOutAUserAndPasswordTheUrlDoesNotHave() {
    assertThat(MySqlOptionFile.of(ConnectionSettings.resolve("mariadb://db/shop", null, null)))
        .isEqualTo("[client]\nhost=\"db\"\nport=3306\nprotocol=TCP\n");
  }
}
