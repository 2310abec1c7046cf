package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The engines spec.database.engine names; the CRD's schema takes its values from here. */
public enum DatabaseEngine {
  @JsonProperty("postgresql")
  POSTGRESQL,
  @JsonProperty("mysql")
  MYSQL,
  @JsonProperty("mariadb")
  MARIADB
}
