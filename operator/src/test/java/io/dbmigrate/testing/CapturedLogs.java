package io.dbmigrate.testing;

import io.dbmigrate.db.RedactedOutput;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything written to standard error (where the log lines go) into a buffer while still
 * printing it, so a test can assert on what was logged. What it captures is what the process lets
 * out: lines pass the redactor first, as {@code Main} and the operator set it up.
 */
public final class CapturedLogs implements AutoCloseable {
  private final PrintStream original;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  private CapturedLogs() {
    original = System.err;
    OutputStream tee =
        new OutputStream() {
          @Override
          public synchronized void write(int b) {
            buffer.write(b);
            original.write(b);
          }

          @Override
          public synchronized void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
            original.write(b, off, len);
          }
        };
    System.setErr(RedactedOutput.stream(tee));
  }

  public static CapturedLogs start() {
    return new CapturedLogs();
  }

  public synchronized String text() {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
