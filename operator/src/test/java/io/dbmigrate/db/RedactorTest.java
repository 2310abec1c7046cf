package io.dbmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private final Redactor redactor = new Redactor();

  @Test
  void masksEveryFormOfARememberedSecret() {
    String secret = "p@ss wörd/1\"#?%";
    redactor.remember(secret);

    String text =
        String.join(
            " | ",
            secret,
            "p%40ss+w%C3%B6rd%2F1%22%23%3F%25",
            "p%40ss%20w%C3%B6rd%2F1%22%23%3F%25",
            "p%40ss%20w%c3%b6rd%2f1%22%23%3f%25",
            "p@ss wörd/1\\\"#?%",
            Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));

    assertThat(redactor.redact(text)).isEqualTo("**** | **** | **** | **** | **** | ****");
  }

  @Test
  void masksTheUserInfoOfAnyUrlEvenWithUnencodedDelimiters() {
    assertThat(
            redactor.redact(
                "jdbc:postgresql://x:y@h/db and postgres://app:Sl4sh/PW@127.0.0.1/db, ok"))
        .isEqualTo("jdbc:postgresql://****@h/db and postgres://****@127.0.0.1/db, ok");
    assertThat(redactor.redact("\"url\":\"postgresql://a:b@db/x\""))
        .isEqualTo("\"url\":\"postgresql://****@db/x\"");
  }

  @Test
  void aLongerSecretContainingAShorterOneIsMaskedWhole() {
    redactor.remember("hunter");
    redactor.remember("hunter2-and-more");

    assertThat(redactor.redact("was hunter2-and-more")).isEqualTo("was ****");
  }

  @Test
  void veryShortValuesAreNotMaskedByValue() {
    redactor.remember("abc");
    redactor.remember(null);
    redactor.remember("");

    assertThat(redactor.redact("abc is a word")).isEqualTo("abc is a word");
    assertThat(redactor.redact(null)).isNull();
  }

  @Test
  void writersAndStreamsMaskWholeLinesEvenWhenWrittenInPieces() {
    Redactor.process().remember("Pw-pieces-9");
    StringWriter target = new StringWriter();
    PrintWriter writer = RedactedOutput.writer(new PrintWriter(target));
    writer.print("first Pw-pie");
    writer.print("ces-9 line");
    writer.println();
    writer.print("unterminated Pw-pieces-9");
    writer.flush();

    assertThat(target.toString())
        .isEqualTo("first **** line" + System.lineSeparator() + "unterminated ****");
    assertThat(RedactedOutput.writer(writer)).isSameAs(writer);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stream = RedactedOutput.stream(bytes);
    stream.write("Pw-pie".getBytes(StandardCharsets.UTF_8), 0, 6);
    stream.print("ces-9 in a stream\n");
    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("**** in a stream\n");
  }
}
