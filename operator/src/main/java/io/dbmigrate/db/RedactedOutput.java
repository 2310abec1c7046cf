package io.dbmigrate.db;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Standard output, standard error and command writers that pass every line through the process's
 * {@link Redactor} before it leaves. Lines are held until their end (or a flush), so a secret is
 * never split between two writes and missed.
 */
public final class RedactedOutput {
  private RedactedOutput() {}

  /**
   * Routes {@link System#out} and {@link System#err} (and so every log line: the logger writes to
   * {@code System.err} at each call) through the redactor. Calling it again changes nothing.
   */
  public static synchronized void install() {
    if (!(System.out instanceof RedactingPrintStream)) {
      System.setOut(new RedactingPrintStream(System.out));
    }
    if (!(System.err instanceof RedactingPrintStream)) {
      System.setErr(new RedactingPrintStream(System.err));
    }
  }

  /**
   * A writer whose lines are redacted before they reach {@code target}; already redacting ones stay
   * as they are.
   */
  public static PrintWriter writer(PrintWriter target) {
    if (target instanceof RedactingPrintWriter) {
      return target;
    }
    return new RedactingPrintWriter(new RedactingWriter(target));
  }

  /** A stream whose lines are redacted before they reach {@code target}. */
  public static PrintStream stream(OutputStream target) {
    return new RedactingPrintStream(target);
  }

  private static final class RedactingPrintStream extends PrintStream {
    RedactingPrintStream(OutputStream target) {
      // No autoflush: a flush would emit a partial line, and the rest of a secret would pass.
      super(new RedactingStream(target), false, StandardCharsets.UTF_8);
    }
  }

  private static final class RedactingPrintWriter extends PrintWriter {
    RedactingPrintWriter(Writer target) {
      super(target, true);
    }
  }

  private static final class RedactingStream extends OutputStream {
    private final OutputStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    RedactingStream(OutputStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      line.write(b);
      if (b == '\n') {
        emit();
      }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
      for (int i = offset; i < offset + length; i++) {
        write(bytes[i]);
      }
    }

    @Override
    public synchronized void flush() throws IOException {
      emit();
      target.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
    }

    private void emit() throws IOException {
      if (line.size() == 0) {
        return;
      }
      String text = Redactor.process().redact(line.toString(StandardCharsets.UTF_8));
      line.reset();
      target.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static final class RedactingWriter extends Writer {
    private final Writer target;
    private final StringBuilder line = new StringBuilder();

    RedactingWriter(Writer target) {
      this.target = target;
    }

    @Override
    public synchronized void write(char[] characters, int offset, int length) throws IOException {
      for (int i = offset; i < offset + length; i++) {
        line.append(characters[i]);
        if (characters[i] == '\n') {
          emit();
        }
      }
    }

    @Override
    public synchronized void flush() throws IOException {
      emit();
      target.flush();
    }

    @Override
    public void close() throws IOException {
      flush();
      target.close();
    }

    private void emit() throws IOException {
      if (line.length() == 0) {
        return;
      }
      String text = Redactor.process().redact(line.toString());
      line.setLength(0);
      target.write(text);
    }
  }
}
