package io.dbmigrate.db;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Tells which kind of server listens at an address, from its first bytes, when a driver could not
 * talk to it: a MariaDB URL pointed at PostgreSQL's port only times out (each side waits for the
 * other to speak first), and PostgreSQL's driver at a MariaDB port fails "setting up the SSL
 * connection". Neither says what is wrong; the greeting does. MySQL and MariaDB greet first with a
 * handshake packet that carries the server version; PostgreSQL stays silent and answers an SSL
 * request with one byte, {@code S} or {@code N}.
 */
final class ServerGreeting {
  private static final int CONNECT_MILLIS = 2_000;
  private static final int GREETING_MILLIS = 1_000;

  /** PostgreSQL's SSLRequest: length 8, then the code 80877103. */
  private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

  /** MySQL protocol version 10, the handshake every MySQL and MariaDB since 3.21 sends. */
  private static final int HANDSHAKE_V10 = 10;

  private ServerGreeting() {}

  /**
   * What the server at this address is, or empty when it cannot be told (not reachable, or
   * neither).
   *
   * @return {@code PostgreSQL}, {@code MariaDB 10.11.19}, {@code MySQL 8.0.36}
   */
  static Optional<String> identify(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
      socket.setSoTimeout(GREETING_MILLIS);
      InputStream in = socket.getInputStream();
      byte[] greeting = new byte[128];
      int read;
      try {
        read = in.readNBytes(greeting, 0, 5);
      } catch (SocketTimeoutException silent) {
        socket.getOutputStream().write(SSL_REQUEST);
        int answer = in.read();
        return answer == 'S' || answer == 'N' ? Optional.of("PostgreSQL") : Optional.empty();
      }
      if (read < 5 || greeting[4] != HANDSHAKE_V10) {
        return Optional.empty();
      }
      return Optional.of(mySqlVersion(in));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The handshake's NUL-terminated version: {@code 5.5.5-10.11.19-MariaDB-0+deb12u1} on MariaDB.
   */
  private static String mySqlVersion(InputStream in) throws IOException {
    StringBuilder version = new StringBuilder();
    for (int b = in.read(); b > 0 && version.length() < 100; b = in.read()) {
      version.append((char) b);
    }
    String text = new String(version.toString().getBytes(StandardCharsets.ISO_8859_1));
    // MariaDB prefixes "5.5.5-" for old replication clients; the version proper follows.
    String bare = text.startsWith("5.5.5-") ? text.substring(6) : text;
    int dash = bare.indexOf('-');
    String number = dash < 0 ? bare : bare.substring(0, dash);
    return (text.contains("MariaDB") ? "MariaDB " : "MySQL ") + number;
  }
}
