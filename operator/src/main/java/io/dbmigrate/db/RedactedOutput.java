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

  /**
   * Bytes into the writer's line buffer, a line at a time: a newline byte never occurs inside a
   * UTF-8 character, so a whole line decodes whole.
   */
  private static final class RedactingStream extends OutputStream {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final RedactingWriter lines;

    RedactingStream(OutputStream target) {
      this.lines = new RedactingWriter(new Utf8Writer(target));
    }

    @Override
    public synchronized void write(int b) throws IOException {
      pending.write(b);
      if (b == '\n') {
        passOn();
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
      passOn();
      lines.flush();
    }

    /** Flushes only: the target is the process's standard output or error. */
    @Override
    public void close() throws IOException {
      flush();
    }

    private void passOn() throws IOException {
      lines.write(pending.toString(StandardCharsets.UTF_8));
      pending.reset();
    }
  }

  /** Unbuffered, so that each redacted line reaches the stream as soon as it is complete. */
  private static final class Utf8Writer extends Writer {
    private final OutputStream target;

    Utf8Writer(OutputStream target) {
      this.target = target;
    }

    @Override
    public void write(char[] characters, int offset, int length) throws IOException {
      target.write(new String(characters, offset, length).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }

    @Override
    public void close() throws IOException {
      target.close();
    }
  }

  /** The one line buffer: holds text until its line ends (or a flush), then redacts it. */
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
