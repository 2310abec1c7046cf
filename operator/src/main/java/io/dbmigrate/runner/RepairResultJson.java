package io.dbmigrate.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes and reads a repair result as compact JSON that fits a pod's termination message (4 KiB,
 * like {@link RunResultJson}). An oversized one is cut visibly, with {@code truncated} set: entries
 * from the end of each list first, then the error's text.
 */
public final class RepairResultJson {
  public static final int MAX_BYTES = RunResultJson.MAX_BYTES;

  private final ObjectMapper mapper = ResultJsonMapper.MAPPER;

  public String toJson(RepairResult result) {
    RepairResult cut = result;
    String json = write(cut);
    while (!fits(json) && entries(cut) > 0) {
      cut = withoutLastEntry(cut);
      json = write(cut);
    }
    while (!fits(json) && cut.error() != null && !cut.error().message().isEmpty()) {
      String message = cut.error().message();
      int excess = json.getBytes(StandardCharsets.UTF_8).length - MAX_BYTES;
      // A character is 1 to 6 bytes once escaped: cut half the excess, at least a few, and look
      // again.
      String shorter = RunResultJson.shorten(message, message.length() - Math.max(8, excess / 2));
      cut =
          new RepairResult(
              cut.status(),
              cut.removed(),
              cut.realigned(),
              cut.deleted(),
              new RepairResult.Failure(shorter),
              true);
      json = write(cut);
    }
    if (!fits(json)) {
      throw new IllegalStateException(
          "repair result does not fit " + MAX_BYTES + " bytes even when shortened");
    }
    return json;
  }

  public RepairResult fromJson(String json) {
    try {
      return mapper.readValue(json, RepairResult.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a repair result: " + e.getOriginalMessage(), e);
    }
  }

  private static int entries(RepairResult result) {
    return result.removed().size() + result.realigned().size() + result.deleted().size();
  }

  /** Drops the last entry of the longest list. */
  private static RepairResult withoutLastEntry(RepairResult result) {
    int longest =
        Math.max(
            result.removed().size(), Math.max(result.realigned().size(), result.deleted().size()));
    return new RepairResult(
        result.status(),
        longest == result.removed().size() ? dropLast(result.removed()) : result.removed(),
        longest == result.removed().size() || longest != result.realigned().size()
            ? result.realigned()
            : dropLast(result.realigned()),
        longest == result.removed().size() || longest == result.realigned().size()
            ? result.deleted()
            : dropLast(result.deleted()),
        result.error(),
        true);
  }

  private static <T> List<T> dropLast(List<T> list) {
    return list.subList(0, list.size() - 1);
  }

  private String write(RepairResult result) {
    try {
      return mapper.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write repair result", e);
    }
  }

  private static boolean fits(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
  }
}
