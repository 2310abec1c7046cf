package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.db.DatabaseEngine;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DialectHintTest {
  private static final SQLException PG_SYNTAX = new SQLException("syntax error", "42601");
  private static final SQLException MARIADB_PARSE = new SQLException("parse", "42000", 1064);

  @Test
  void mySqlSyntaxOnPostgresqlIsNamed() {
    assertThat(
            DialectHint.of(
                PG_SYNTAX,
                "CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB",
                DatabaseEngine.POSTGRESQL))
        .contains(
            "this looks like MySQL/MariaDB syntax (AUTO_INCREMENT), but the database is"
                + " PostgreSQL: write the migration for PostgreSQL, or check that the URL points"
                + " at the intended database");
    assertThat(
            DialectHint.of(
                new SQLException("type \"tinyint\" does not exist", "42704"),
                "ALTER TABLE t ADD flag tinyint",
                DatabaseEngine.POSTGRESQL))
        .hasValueSatisfying(hint -> assertThat(hint).contains("(TINYINT)"));
  }

  @Test
  void postgresqlSyntaxOnMariaDbIsNamed() {
    assertThat(
            DialectHint.of(MARIADB_PARSE, "SELECT '1'::int", DatabaseEngine.MARIADB).orElseThrow())
        .startsWith("this looks like PostgreSQL syntax (::), but the database is MariaDB");
    assertThat(
            DialectHint.of(
                    MARIADB_PARSE, "CREATE INDEX CONCURRENTLY i ON t (a)", DatabaseEngine.MYSQL)
                .orElseThrow())
        .contains("(CONCURRENTLY), but the database is MySQL");
  }

  @Test
  void otherErrorsAndPlainStatementsGetNoHint() {
    assertThat(
            DialectHint.of(
                new SQLException("relation exists", "42P07"),
                "CREATE TABLE t (id int AUTO_INCREMENT)",
                DatabaseEngine.POSTGRESQL))
        .isEmpty();
    assertThat(DialectHint.of(PG_SYNTAX, "CREATE TABLE t (id serial", DatabaseEngine.POSTGRESQL))
        .isEmpty();
    assertThat(DialectHint.of(MARIADB_PARSE, "SELECT ''::", DatabaseEngine.MARIADB)).isEmpty();
    assertThat(DialectHint.of(PG_SYNTAX, null, DatabaseEngine.POSTGRESQL)).isEmpty();
  }
}
