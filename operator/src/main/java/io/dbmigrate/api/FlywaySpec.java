package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flyway's settings for SQL migrations, one typed field each, by Flyway's names (flyway.conf
 * without the flyway. prefix). Unset fields keep Flyway's defaults; the operator checks values and
 * combinations and stalls the resource with InvalidSpec when one cannot work.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FlywaySpec {
  @JsonPropertyDescription(
      "Placeholders and their values: ${name} in a migration becomes the value.")
  private Map<String, String> placeholders;

  @JsonPropertyDescription("Placeholders whose values come from ConfigMap or Secret keys.")
  private List<PlaceholderSource> placeholdersFrom;

  @JsonPropertyDescription("What starts a placeholder (Flyway's default ${).")
  private String placeholderPrefix;

  @JsonPropertyDescription("What ends a placeholder (Flyway's default }).")
  private String placeholderSuffix;

  @JsonPropertyDescription("Whether placeholders are replaced at all (default true).")
  private Boolean placeholderReplacement;

  @JsonPropertyDescription(
      "The schemas Flyway manages; the first is the default schema, where the history t"
          + "able lives.")
  private List<String> schemas;

  @JsonPropertyDescription(
      "The schema of the history table and of unqualified objects; must be one of schem"
          + "as when both are set.")
  private String defaultSchema;

  @JsonPropertyDescription("Whether Flyway creates the schemas that do not exist (default true).")
  private Boolean createSchemas;

  @JsonPropertyDescription("The history table's name (default flyway_schema_history).")
  private String table;

  @JsonPropertyDescription(
      "On a database with objects but no history: record baselineVersion as applied, th"
          + "en migrate above it.")
  private Boolean baselineOnMigrate;

  @JsonPropertyDescription(
      "The version an existing database counts as (default 1): migrations up to it are "
          + "not run.")
  private String baselineVersion;

  @JsonPropertyDescription("The description of the baseline entry.")
  private String baselineDescription;

  @JsonPropertyDescription(
      "Apply a migration whose version is below the current one (default false: refused" + ").")
  private Boolean outOfOrder;

  @JsonPropertyDescription("Prefix of versioned migration files (default V).")
  private String sqlMigrationPrefix;

  @JsonPropertyDescription("Between version and description (default __).")
  private String sqlMigrationSeparator;

  @JsonPropertyDescription("File suffixes of migrations (default .sql).")
  private List<String> sqlMigrationSuffixes;

  @JsonPropertyDescription("Prefix of repeatable migration files (default R).")
  private String repeatableSqlMigrationPrefix;

  @JsonPropertyDescription("Refuse files whose names do not follow the naming (default true).")
  private Boolean validateMigrationNaming;

  @JsonPropertyDescription(
      "Allow transactional and non-transactional statements in one migration (default f" + "alse).")
  private Boolean mixed;

  @JsonPropertyDescription("Apply all pending migrations in one transaction (default false).")
  private Boolean group;

  @JsonPropertyDescription("The migrations' encoding (default UTF-8).")
  private String encoding;

  @JsonPropertyDescription("How often Flyway retries connecting, 0 to 100 (default 0).")
  private Integer connectRetries;

  @JsonPropertyDescription(
      "SQL run on each new connection before the migrations, e.g. SET ROLE owner.")
  private String initSql;

  @JsonPropertyDescription(
      "Flyway's ignoreMigrationPatterns, e.g. *:missing; default: only pending ones are"
          + " applied, anything else stops the run.")
  private List<String> ignoreMigrationPatterns;

  /**
   * The settings by Flyway's names (io.dbmigrate.config.FlywaySettings), without the placeholders
   * from ConfigMaps and Secrets, which the operator reads and passes separately.
   */
  public Map<String, String> settings() {
    Map<String, String> settings = new TreeMap<>();
    if (placeholders != null) {
      placeholders.forEach((key, value) -> settings.put("placeholders." + key, value));
    }
    put(settings, "placeholderPrefix", placeholderPrefix);
    put(settings, "placeholderSuffix", placeholderSuffix);
    put(settings, "placeholderReplacement", placeholderReplacement);
    put(settings, "schemas", schemas == null ? null : String.join(",", schemas));
    put(settings, "defaultSchema", defaultSchema);
    put(settings, "createSchemas", createSchemas);
    put(settings, "table", table);
    put(settings, "baselineOnMigrate", baselineOnMigrate);
    put(settings, "baselineVersion", baselineVersion);
    put(settings, "baselineDescription", baselineDescription);
    put(settings, "outOfOrder", outOfOrder);
    put(settings, "sqlMigrationPrefix", sqlMigrationPrefix);
    put(settings, "sqlMigrationSeparator", sqlMigrationSeparator);
    put(
        settings,
        "sqlMigrationSuffixes",
        sqlMigrationSuffixes == null ? null : String.join(",", sqlMigrationSuffixes));
    put(settings, "repeatableSqlMigrationPrefix", repeatableSqlMigrationPrefix);
    put(settings, "validateMigrationNaming", validateMigrationNaming);
    put(settings, "mixed", mixed);
    put(settings, "group", group);
    put(settings, "encoding", encoding);
    put(settings, "connectRetries", connectRetries);
    put(settings, "initSql", initSql);
    put(
        settings,
        "ignoreMigrationPatterns",
        ignoreMigrationPatterns == null ? null : String.join(",", ignoreMigrationPatterns));
    return settings;
  }

  private static void put(Map<String, String> settings, String key, Object value) {
    if (value != null) {
      settings.put(key, value.toString());
    }
  }

  public Map<String, String> getPlaceholders() {
    return placeholders;
  }

  public void setPlaceholders(Map<String, String> placeholders) {
    this.placeholders = placeholders;
  }

  public List<PlaceholderSource> getPlaceholdersFrom() {
    return placeholdersFrom;
  }

  public void setPlaceholdersFrom(List<PlaceholderSource> placeholdersFrom) {
    this.placeholdersFrom = placeholdersFrom;
  }

  public String getPlaceholderPrefix() {
    return placeholderPrefix;
  }

  public void setPlaceholderPrefix(String placeholderPrefix) {
    this.placeholderPrefix = placeholderPrefix;
  }

  public String getPlaceholderSuffix() {
    return placeholderSuffix;
  }

  public void setPlaceholderSuffix(String placeholderSuffix) {
    this.placeholderSuffix = placeholderSuffix;
  }

  public Boolean getPlaceholderReplacement() {
    return placeholderReplacement;
  }

  public void setPlaceholderReplacement(Boolean placeholderReplacement) {
    this.placeholderReplacement = placeholderReplacement;
  }

  public List<String> getSchemas() {
    return schemas;
  }

  public void setSchemas(List<String> schemas) {
    this.schemas = schemas;
  }

  public String getDefaultSchema() {
    return defaultSchema;
  }

  public void setDefaultSchema(String defaultSchema) {
    this.defaultSchema = defaultSchema;
  }

  public Boolean getCreateSchemas() {
    return createSchemas;
  }

  public void setCreateSchemas(Boolean createSchemas) {
    this.createSchemas = createSchemas;
  }

  public String getTable() {
    return table;
  }

  public void setTable(String table) {
    this.table = table;
  }

  public Boolean getBaselineOnMigrate() {
    return baselineOnMigrate;
  }

  public void setBaselineOnMigrate(Boolean baselineOnMigrate) {
    this.baselineOnMigrate = baselineOnMigrate;
  }

  public String getBaselineVersion() {
    return baselineVersion;
  }

  public void setBaselineVersion(String baselineVersion) {
    this.baselineVersion = baselineVersion;
  }

  public String getBaselineDescription() {
    return baselineDescription;
  }

  public void setBaselineDescription(String baselineDescription) {
    this.baselineDescription = baselineDescription;
  }

  public Boolean getOutOfOrder() {
    return outOfOrder;
  }

  public void setOutOfOrder(Boolean outOfOrder) {
    this.outOfOrder = outOfOrder;
  }

  public String getSqlMigrationPrefix() {
    return sqlMigrationPrefix;
  }

  public void setSqlMigrationPrefix(String sqlMigrationPrefix) {
    this.sqlMigrationPrefix = sqlMigrationPrefix;
  }

  public String getSqlMigrationSeparator() {
    return sqlMigrationSeparator;
  }

  public void setSqlMigrationSeparator(String sqlMigrationSeparator) {
    this.sqlMigrationSeparator = sqlMigrationSeparator;
  }

  public List<String> getSqlMigrationSuffixes() {
    return sqlMigrationSuffixes;
  }

  public void setSqlMigrationSuffixes(List<String> sqlMigrationSuffixes) {
    this.sqlMigrationSuffixes = sqlMigrationSuffixes;
  }

  public String getRepeatableSqlMigrationPrefix() {
    return repeatableSqlMigrationPrefix;
  }

  public void setRepeatableSqlMigrationPrefix(String repeatableSqlMigrationPrefix) {
    this.repeatableSqlMigrationPrefix = repeatableSqlMigrationPrefix;
  }

  public Boolean getValidateMigrationNaming() {
    return validateMigrationNaming;
  }

  public void setValidateMigrationNaming(Boolean validateMigrationNaming) {
    this.validateMigrationNaming = validateMigrationNaming;
  }

  public Boolean getMixed() {
    return mixed;
  }

  public void setMixed(Boolean mixed) {
    this.mixed = mixed;
  }

  public Boolean getGroup() {
    return group;
  }

  public void setGroup(Boolean group) {
    this.group = group;
  }

  public String getEncoding() {
    return encoding;
  }

  public void setEncoding(String encoding) {
    this.encoding = encoding;
  }

  public Integer getConnectRetries() {
    return connectRetries;
  }

  public void setConnectRetries(Integer connectRetries) {
    this.connectRetries = connectRetries;
  }

  public String getInitSql() {
    return initSql;
  }

  public void setInitSql(String initSql) {
    this.initSql = initSql;
  }

  public List<String> getIgnoreMigrationPatterns() {
    return ignoreMigrationPatterns;
  }

  public void setIgnoreMigrationPatterns(List<String> ignoreMigrationPatterns) {
    this.ignoreMigrationPatterns = ignoreMigrationPatterns;
  }
}
