package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseSpec {
  public static final String POSTGRESQL = "postgresql";
  public static final String MYSQL = "mysql";
  public static final String MARIADB = "mariadb";

  /**
   * A string, not the enum its schema comes from: a value the schema did not stop (an older CRD)
   * still reads, and the validator names it.
   */
  @SchemaFrom(type = DatabaseEngine.class)
  @JsonPropertyDescription(
      "The database engine: postgresql, mysql or mariadb. Default: the URL's (a mysql:// URL may"
          + " point at MariaDB and the reverse: the two are one family).")
  private String engine;

  @Required
  @JsonPropertyDescription(
      "The connection URL: jdbc:postgresql://host:port/db, postgres://user:pass@host:port/db,"
          + " mariadb://user:pass@host:3306/db or mysql://… (and their jdbc: forms).")
  private SecretValueSource urlFrom;

  @JsonPropertyDescription("The user name, when the URL does not carry it.")
  private SecretValueSource usernameFrom;

  @JsonPropertyDescription("The password, when the URL does not carry it.")
  private SecretValueSource passwordFrom;

  public String getEngine() {
    return engine;
  }

  public void setEngine(String engine) {
    this.engine = engine;
  }

  public SecretValueSource getUrlFrom() {
    return urlFrom;
  }

  public void setUrlFrom(SecretValueSource urlFrom) {
    this.urlFrom = urlFrom;
  }

  public SecretValueSource getUsernameFrom() {
    return usernameFrom;
  }

  public void setUsernameFrom(SecretValueSource usernameFrom) {
    this.usernameFrom = usernameFrom;
  }

  public SecretValueSource getPasswordFrom() {
    return passwordFrom;
  }

  public void setPasswordFrom(SecretValueSource passwordFrom) {
    this.passwordFrom = passwordFrom;
  }
}
