package dev.kefu.tenant.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.agent.entity.Agent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.hibernate.annotations.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every table that the migrations give a {@code tenant_id} is filtered by tenant: its entity marks
 * that column {@code @TenantId}, so Hibernate adds the tenant to every query and load. A new
 * tenant-owned table whose entity forgets it fails here.
 */
class TenantIsolationMappingTest {

  /** Tables with a tenant_id that are deliberately not filtered, and why. */
  static final Map<String, String> UNFILTERED =
      Map.of(
          "audit_event",
          "events without a tenant (failed sign-ins of unknown user names) are kept too;"
              + " AuditLog takes the tenant as a required argument of every read");

  @TempDir Path dir;

  @Test
  void everyTableWithATenantIdIsMappedByAnEntityFilteredByTenant() throws Exception {
    Set<String> tenantTables = tablesWithTenantId();
    Map<String, Class<?>> entities = entitiesByTable();
    assertThat(tenantTables).contains("conversation", "message", "site", "agent", "visitor");
    Set<String> unfiltered = new TreeSet<>();
    for (String table : tenantTables) {
      if (UNFILTERED.containsKey(table)) {
        continue;
      }
      Class<?> entity = entities.get(table);
      assertThat(entity).as("the entity of table %s", table).isNotNull();
      if (!hasTenantId(entity)) {
        unfiltered.add(table + " (" + entity.getSimpleName() + ")");
      }
    }
    assertThat(unfiltered).as("tenant-owned tables whose entity has no @TenantId").isEmpty();
  }

  @Test
  void outsideAnyScopeTheResolverAnswersTheRootThatHibernateDoesNotFilter() {
    CurrentTenant resolver = new CurrentTenant();
    assertThat(resolver.resolveCurrentTenantIdentifier()).isEqualTo(CurrentTenant.ROOT);
    assertThat(resolver.isRoot(resolver.resolveCurrentTenantIdentifier())).isTrue();
    String inside = TenantScope.call("t-1", resolver::resolveCurrentTenantIdentifier);
    assertThat(inside).isEqualTo("t-1");
    assertThat(resolver.isRoot(inside)).isFalse();
    assertThat(TenantScope.current()).isEmpty();
  }

  private static boolean hasTenantId(Class<?> entity) {
    for (Class<?> type = entity; type != null; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        Column column = field.getAnnotation(Column.class);
        if (field.isAnnotationPresent(TenantId.class)
            && column != null
            && column.name().equals("tenant_id")) {
          return true;
        }
      }
    }
    return false;
  }

  private Set<String> tablesWithTenantId() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("kefu") + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE";
    Flyway.configure()
        .dataSource(url, "sa", "")
        .placeholders(dev.kefu.setup.boundary.SchemaMigration.placeholders(false))
        .load()
        .migrate();
    Set<String> tables = new TreeSet<>();
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT table_name FROM information_schema.columns"
                        + " WHERE column_name = 'tenant_id' AND table_schema = 'public'")) {
      while (rows.next()) {
        tables.add(rows.getString(1).toLowerCase());
      }
    }
    return tables;
  }

  private static Map<String, Class<?>> entitiesByTable() throws Exception {
    Path classes = Path.of(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, Class<?>> entities = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.').replace('\\', '.');
        Class<?> type =
            Class.forName(
                name.substring(0, name.length() - ".class".length()),
                false,
                TenantIsolationMappingTest.class.getClassLoader());
        if (type.isAnnotationPresent(Entity.class)) {
          Table table = type.getAnnotation(Table.class);
          entities.put(
              table == null ? type.getSimpleName().toLowerCase() : table.name().toLowerCase(),
              type);
        }
      }
    }
    return entities;
  }
}
