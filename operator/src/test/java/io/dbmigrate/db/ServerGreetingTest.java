package io.dbmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.testing.MariaDbDatabase;
import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** Against this machine's real servers: each is told by its own first bytes. */
class ServerGreetingTest {
  @Test
  void postgresqlAnswersTheSslRequest() {
    assertThat(ServerGreeting.identify(PostgresDatabase.HOST, PostgresDatabase.PORT))
        .contains("PostgreSQL");
  }

  @Test
  void mariaDbGreetsWithItsVersion() {
    assertThat(ServerGreeting.identify(MariaDbDatabase.HOST, MariaDbDatabase.PORT))
        .hasValueSatisfying(server -> assertThat(server).matches("MariaDB \\d+\\.\\d+\\.\\d+"));
  }

  @Test
  void aServerThatSaysNothingIsNotGuessed() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket ignored = silent.accept()) {
                  Thread.sleep(3_000);
                } catch (IOException | InterruptedException e) {
                  // the test is over
                }
              });
      acceptor.start();
      assertThat(ServerGreeting.identify("127.0.0.1", silent.getLocalPort())).isEmpty();
      acceptor.interrupt();
    }
  }

  @Test
  void nothingListeningIsEmpty() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0)) {
      port = closed.getLocalPort();
    }
    assertThat(ServerGreeting.identify("127.0.0.1", port)).isEmpty();
  }
}
