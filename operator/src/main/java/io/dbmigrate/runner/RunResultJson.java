package io.dbmigrate.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes and reads the run result as compact JSON that fits a pod's termination message. Kubernetes
 * keeps at most 4096 bytes of it, so an oversized result is shortened here in a way the reader can
 * see ({@code truncated}), rather than cut mid-JSON by the kubelet.
 */
public final class RunResultJson {
  public static final int MAX_BYTES = 4096;
  private static final String ELLIPSIS = "…";

  private final ObjectMapper mapper = ResultJsonMapper.MAPPER;

  /**
   * Compact JSON of at most {@link #MAX_BYTES} UTF-8 bytes. What goes first when it is too long:
   * entries of {@code applied} (its count stays), then the seeds' messages, then the error's.
   */
  public String toJson(RunResult result) {
    String json = write(result);
    if (fits(json)) {
      return json;
    }
    RunResult shortened = result.withFirstApplied(keepableAppliedCount(result));
    json = write(shortened);
    while (!fits(json) && longestSeedMessage(shortened) > 0) {
      shortened = withShorterSeedMessages(shortened, bytes(json) - MAX_BYTES);
      json = write(shortened);
    }
    while (!fits(json) && shortened.error() != null && !shortened.error().message().isEmpty()) {
      shortened = withShorterMessage(shortened, bytes(json) - MAX_BYTES);
      json = write(shortened);
    }
    if (!fits(json)) {
      throw new IllegalStateException(
          "run result does not fit " + MAX_BYTES + " bytes even when shortened");
    }
    return json;
  }

  public RunResult fromJson(String json) {
    try {
      return mapper.readValue(json, RunResult.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a run result: " + e.getOriginalMessage(), e);
    }
  }

  /** The largest prefix of {@code applied} that fits (binary search; results are monotonic). */
  private int keepableAppliedCount(RunResult result) {
    int low = 0;
    int high = result.applied().size();
    while (low < high) {
      int middle = (low + high + 1) / 2;
      if (fits(write(result.withFirstApplied(middle)))) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  private static int longestSeedMessage(RunResult result) {
    return result.seeds().stream()
        .mapToInt(s -> s.message() == null ? 0 : s.message().length())
        .max()
        .orElse(0);
  }

  /** Cuts the longest seed messages down to a common length, shorter than the longest now. */
  private static RunResult withShorterSeedMessages(RunResult result, int excessBytes) {
    int longest = longestSeedMessage(result);
    int limit = Math.max(0, longest - Math.max(8, excessBytes / 2 + ELLIPSIS.length() * 3));
    List<SeedResult> seeds =
        result.seeds().stream()
            .map(
                seed ->
                    seed.message() == null || seed.message().length() <= limit
                        ? seed
                        : seed.withMessage(shorten(seed.message(), limit)))
            .toList();
    return result.withShortenedMessages(seeds, result.error());
  }

  private static RunResult withShorterMessage(RunResult result, int excessBytes) {
    String message = result.error().message();
    // JSON escapes can make a character up to 6 bytes long; cut at least a few characters.
    int cut = Math.max(8, excessBytes / 2 + ELLIPSIS.length() * 3);
    String shorter = shorten(message, message.length() - cut);
    RunResult.RunError error =
        new RunResult.RunError(result.error().version(), result.error().script(), shorter);
    return result.withShortenedMessages(result.seeds(), error);
  }

  /**
   * The first {@code keep} characters (never half a surrogate pair) and an ellipsis; empty at 0.
   */
  static String shorten(String message, int keep) {
    String text =
        message.endsWith(ELLIPSIS)
            ? message.substring(0, message.length() - ELLIPSIS.length())
            : message;
    int length = Math.max(0, Math.min(keep, text.length()));
    if (length > 0 && Character.isHighSurrogate(text.charAt(length - 1))) {
      length--;
    }
    return length == 0 ? "" : text.substring(0, length) + ELLIPSIS;
  }

  private String write(RunResult result) {
    try {
      return mapper.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write run result", e);
    }
  }

  private static boolean fits(String json) {
    return bytes(json) <= MAX_BYTES;
  }

  private static int bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }
}
