package io.dbmigrate.runner;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the runner's results (run, plan, repair). Shared, because a mapper learns
 * each record type on first use, a few milliseconds that every run would otherwise pay again; it is
 * configured here once and never changed, which makes it safe to share between threads.
 */
final class ResultJsonMapper {
  /** Reads results written by newer runners: what this version does not know is ignored. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private ResultJsonMapper() {}
}
