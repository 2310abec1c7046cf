package io.dbmigrate.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/troubleshooting.md shows every catalogued bad input with the very message the tests assert.
 */
class CatalogueDocTest {
  private static final Path DOC = Path.of("..", "docs", "troubleshooting.md");

  @Test
  void everyCataloguedInputHasItsRow() throws IOException {
    List<String> rows = new ArrayList<>();
    CliBadInputCatalogueIT.CASES.forEach(
        c -> rows.add(row(c.id(), c.input(), "exit " + c.exitCode(), c.message())));
    OperatorBadInputCatalogueIT.CASES.forEach(
        c -> rows.add(row(c.id(), c.input(), "Stalled, " + c.reason(), c.message())));
    String doc = Files.readString(DOC);

    List<String> missing = rows.stream().filter(row -> !doc.contains(row)).toList();
    assertThat(missing).as("rows to put in %s:%n%s", DOC, String.join("\n", missing)).isEmpty();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(30);
  }

  private static String row(String id, String input, String outcome, String message) {
    return "| " + id + " | " + input + " | " + outcome + " | " + message.replace("|", "\\|") + " |";
  }
}
