package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/**
 * How often and how patiently the operator checks the database. Durations in Go/Kubernetes style or
 * ISO-8601; the operator also checks their ranges (io.dbmigrate.health.HealthTiming).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HealthSpec {
  public static final String DEFAULT_INTERVAL = "30s";
  public static final String DEFAULT_TIMEOUT = "5s";
  public static final String DEFAULT_REPORT_INTERVAL = "5m";

  /**
   * Number-unit pairs (500ms, 30s, 5m, 1h30m) or ISO-8601 (PT5S, PT1H30M, P1D). The same as
   * io.dbmigrate.config.DurationText.PATTERN, spelt out because api depends on nothing of ours; a
   * test keeps the two equal.
   */
  public static final String DURATION_PATTERN =
      "^(([0-9]+(\\.[0-9]+)?(ms|s|m|h))+|P([0-9]+D(T([0-9]+H([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?|[0-9]+M([0-9]+(\\.[0-9]+)?S)?|[0-9]+(\\.[0-9]+)?S))?"
          + "|T([0-9]+H([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?|[0-9]+M([0-9]+(\\.[0-9]+)?S)?|[0-9]+(\\.[0-9]+)?S)))$";

  @Default(DEFAULT_INTERVAL)
  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription(
      "How often the database is probed (SELECT 1): 1s to 24h, e.g. 30s or PT30S.")
  private String interval;

  @Default(DEFAULT_TIMEOUT)
  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription(
      "How long a connection or probe may take before the database counts as unhealthy: 250ms to 1h.")
  private String timeout;

  @Default(DEFAULT_REPORT_INTERVAL)
  @Pattern(DURATION_PATTERN)
  @JsonPropertyDescription(
      "How often the latency in status.health is refreshed while nothing else changes "
          + "(1s to 24h); a change of health is written at once.")
  private String reportInterval;

  public HealthSpec() {}

  public HealthSpec(String interval, String timeout, String reportInterval) {
    this.interval = interval;
    this.timeout = timeout;
    this.reportInterval = reportInterval;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public String getReportInterval() {
    return reportInterval;
  }

  public void setReportInterval(String reportInterval) {
    this.reportInterval = reportInterval;
  }
}
