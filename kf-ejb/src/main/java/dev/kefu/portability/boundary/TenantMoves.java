package dev.kefu.portability.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.SiteChanged;
import dev.kefu.file.boundary.Files;
import dev.kefu.portability.control.Columns;
import dev.kefu.portability.control.TenantTables;
import dev.kefu.setup.boundary.DataKeys;
import dev.kefu.setup.boundary.SealedTables;
import dev.kefu.shared.DataCipher;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.hibernate.Session;

/**
 * Moves a tenant between installations (SaaS to a private one and back): its export is one ZIP with
 * every row of the tenant, table by table, and the bytes of its files; its import puts them into
 * another installation unchanged, in one transaction; and a tenant that has moved away can be
 * removed. Encrypted values travel in clear inside the export (each installation has its own data
 * key) and are encrypted again under the importing installation's key; the keyed hashes of lookups
 * are computed again there. Ids stay what they were, so links, files and the audit log still fit.
 *
 * <p>The export reads in one transaction, so on MariaDB (InnoDB's consistent snapshot) it is one
 * moment of the tenant even while it chats; suspending the tenant first keeps anything from
 * happening after that moment on the old installation.
 */
@Stateless
public class TenantMoves {

  /** What an export is: its format's name and version, written in its manifest. */
  public static final String FORMAT = "kefu-tenant-export";

  public static final int FORMAT_VERSION = 1;

  private static final Logger LOG = Logger.getLogger(TenantMoves.class.getName());
  private static final int BATCH = 500;

  /** How many rows of each table and how many files an export or an import held. */
  public record Counts(String tenantId, Map<String, Long> rows, long files) {}

  @PersistenceContext private EntityManager em;
  @Inject private DataKeys keys;
  @Inject private Files files;
  @Inject private AuditLog auditLog;
  @Inject private Event<SealedTables> describe;
  @Inject private Event<KefuEvent> events;

  /** Writes the tenant's export to {@code out} (a ZIP); {@code not_found} for no such tenant. */
  public Counts export(Actor by, String tenantId, OutputStream out) {
    requireTenant(tenantId);
    auditLog.record(by, Action.TENANT_EXPORT, "tenant", tenantId, null);
    DataCipher cipher = keys.cipher();
    Map<String, SealedTables.Table> sealed = sealedTables();
    return session()
        .doReturningWork(
            connection -> {
              try {
                ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
                Writer text =
                    new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8));
                zip.putNextEntry(new ZipEntry("manifest.json"));
                text.write(
                    Jsonp.createObjectBuilder()
                        .add("format", FORMAT)
                        .add("formatVersion", FORMAT_VERSION)
                        .add("schemaVersion", schemaVersion(connection))
                        .add("tenantId", tenantId)
                        .add("exportedAt", Instant.now().toString())
                        .build()
                        .toString());
                text.flush();
                zip.closeEntry();
                Map<String, Long> rows = new LinkedHashMap<>();
                List<String> storageNames = new ArrayList<>();
                int n = 0;
                for (TenantTables.Table table : TenantTables.ORDER) {
                  n++;
                  zip.putNextEntry(
                      new ZipEntry("tables/%02d-%s.ndjson".formatted(n, table.name())));
                  long count =
                      exportTable(
                          connection,
                          table,
                          tenantId,
                          sealed.get(table.name()),
                          cipher,
                          text,
                          storageNames);
                  text.flush();
                  zip.closeEntry();
                  rows.put(table.name(), count);
                }
                for (String storageName : storageNames) {
                  zip.putNextEntry(new ZipEntry("files/" + storageName));
                  java.nio.file.Files.copy(files.bytesOf(storageName), zip);
                  zip.closeEntry();
                }
                zip.putNextEntry(new ZipEntry("summary.json"));
                text.write(summary(rows, storageNames.size()).toString());
                text.flush();
                zip.closeEntry();
                zip.finish();
                zip.flush();
                LOG.info(
                    () ->
                        "tenant "
                            + tenantId
                            + " exported: "
                            + rows
                            + ", "
                            + storageNames.size()
                            + " files");
                return new Counts(tenantId, rows, storageNames.size());
              } catch (IOException e) {
                throw new UncheckedIOException("the export could not be written", e);
              }
            });
  }

  /**
   * Imports a tenant from its export (a ZIP, read as it comes), in one transaction: all of it or
   * nothing. Refused with {@code import_invalid} for what is not a complete export of this format
   * or comes from a newer schema, and {@code tenant_exists} when the tenant is here already.
   */
  public Counts importTenant(Actor by, InputStream body) {
    DataCipher cipher = keys.cipher();
    Map<String, SealedTables.Table> sealed = sealedTables();
    Counts counts =
        session()
            .doReturningWork(
                connection -> {
                  try {
                    return importZip(connection, new ZipInputStream(body), sealed, cipher);
                  } catch (IOException e) {
                    throw new RuleViolation(
                        "import_invalid", "the export could not be read: " + e.getMessage());
                  }
                });
    em.flush();
    auditLog.record(
        by,
        Action.TENANT_IMPORT,
        "tenant",
        counts.tenantId(),
        Jsonp.createObjectBuilder()
            .add("rows", counts.rows().values().stream().mapToLong(Long::longValue).sum())
            .add("files", counts.files())
            .build());
    LOG.info(() -> "tenant " + counts.tenantId() + " imported: " + counts.rows());
    return counts;
  }

  /**
   * Removes a suspended tenant with every row and file it has, for one that has moved to another
   * installation; {@code tenant_active} unless it is suspended.
   */
  public Counts delete(Actor by, String tenantId) {
    requireTenant(tenantId);
    if (Objects.equals(by.tenantId(), tenantId)) {
      throw new RuleViolation("own_tenant", "the operator's own tenant cannot be removed");
    }
    Counts counts =
        session()
            .doReturningWork(
                connection -> {
                  try (PreparedStatement suspended =
                      connection.prepareStatement(
                          "SELECT suspended_at FROM tenant WHERE id = ? FOR UPDATE")) {
                    suspended.setString(1, tenantId);
                    try (ResultSet rs = suspended.executeQuery()) {
                      if (!rs.next() || rs.getString(1) == null) {
                        throw new RuleViolation(
                            "tenant_active", "suspend the tenant before removing it");
                      }
                    }
                  }
                  return deleteRows(connection, tenantId);
                });
    auditLog.record(
        by,
        Action.TENANT_DELETE,
        "tenant",
        tenantId,
        Jsonp.createObjectBuilder()
            .add("rows", counts.rows().values().stream().mapToLong(Long::longValue).sum())
            .add("files", counts.files())
            .build());
    LOG.info(() -> "tenant " + tenantId + " removed: " + counts.rows());
    // Its sites went with it: every node forgets what it kept of sites once this commits.
    events.fire(new SiteChanged(tenantId, null));
    return counts;
  }

  /** Deletes every row of the tenant, last table first; its files' bytes go after the commit. */
  private Counts deleteRows(Connection connection, String tenantId) throws SQLException {
    List<String> storageNames = new ArrayList<>();
    try (PreparedStatement names =
        connection.prepareStatement("SELECT storage_name FROM kf_file WHERE tenant_id = ?")) {
      names.setString(1, tenantId);
      try (ResultSet rs = names.executeQuery()) {
        while (rs.next()) {
          storageNames.add(rs.getString(1));
        }
      }
    }
    // The staff's socket tickets are the installation's, not moved, but refer to their accounts.
    try (PreparedStatement tickets =
        connection.prepareStatement(
            "DELETE FROM ws_ticket WHERE agent_id IN (SELECT id FROM agent WHERE tenant_id = ?)")) {
      tickets.setString(1, tenantId);
      tickets.executeUpdate();
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    List<TenantTables.Table> reverse = new ArrayList<>(TenantTables.ORDER);
    java.util.Collections.reverse(reverse);
    for (TenantTables.Table table : reverse) {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM " + table.name() + " WHERE " + table.where())) {
        delete.setString(1, tenantId);
        rows.put(table.name(), (long) delete.executeUpdate());
      }
    }
    files.removeAfterCommit(storageNames);
    return new Counts(tenantId, rows, storageNames.size());
  }

  /**
   * A private installation's first step: it takes the tenant of an export in place of the empty one
   * it made at its first start, all or nothing. Refused with {@code installation_in_use} once the
   * installation has had a visitor or holds more than that one tenant. The caller's own account
   * goes with the empty tenant: staff sign in with the accounts of the export.
   */
  public Counts replaceFreshTenant(Actor by, InputStream body) {
    Counts counts =
        session()
            .doReturningWork(
                connection -> {
                  if (count(connection, "SELECT COUNT(*) FROM tenant") != 1
                      || count(connection, "SELECT COUNT(*) FROM visitor") != 0
                      || count(connection, "SELECT COUNT(*) FROM conversation") != 0) {
                    throw new RuleViolation(
                        "installation_in_use",
                        "a tenant is imported only into a new installation, before its first"
                            + " visitor");
                  }
                  Counts imported;
                  try {
                    imported =
                        importZip(
                            connection, new ZipInputStream(body), sealedTables(), keys.cipher());
                  } catch (IOException e) {
                    throw invalid("it could not be read: " + e.getMessage());
                  }
                  deleteRows(connection, by.tenantId());
                  return imported;
                });
    Actor inNewTenant = new Actor(counts.tenantId(), by.name(), by.type(), by.ip(), by.source());
    auditLog.record(
        inNewTenant,
        Action.TENANT_IMPORT,
        "tenant",
        counts.tenantId(),
        Jsonp.createObjectBuilder()
            .add("rows", counts.rows().values().stream().mapToLong(Long::longValue).sum())
            .add("files", counts.files())
            .add("replaced", by.tenantId())
            .build());
    LOG.info(
        () ->
            "tenant "
                + counts.tenantId()
                + " imported in place of the first start's "
                + by.tenantId()
                + ": "
                + counts.rows());
    // The first start's tenant and its sites are gone.
    events.fire(new SiteChanged(by.tenantId(), null));
    return counts;
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql);
        ResultSet rs = query.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private long exportTable(
      Connection connection,
      TenantTables.Table table,
      String tenantId,
      SealedTables.Table sealed,
      DataCipher cipher,
      Writer out,
      List<String> storageNames)
      throws SQLException, IOException {
    Columns columns = Columns.of(connection, table.name());
    Map<String, SealedTables.Column> sealedColumns = new HashMap<>();
    List<String> indexColumns = new ArrayList<>();
    if (sealed != null) {
      for (SealedTables.Column column : sealed.columns()) {
        sealedColumns.put(column.name(), column);
        if (column.indexColumn() != null) {
          indexColumns.add(column.indexColumn());
        }
      }
    }
    List<String> names = columns.names().stream().filter(c -> !indexColumns.contains(c)).toList();
    long count = 0;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + String.join(", ", names)
                + " FROM "
                + table.name()
                + " WHERE "
                + table.where()
                + " ORDER BY "
                + String.join(", ", columns.key()))) {
      select.setString(1, tenantId);
      select.setFetchSize(BATCH);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          JsonObjectBuilder row = Jsonp.createObjectBuilder();
          for (String column : names) {
            SealedTables.Column secret = sealedColumns.get(column);
            if (secret != null) {
              String stored = rs.getString(column);
              row.add(
                  column,
                  stored == null
                      ? JsonValue.NULL
                      : Jsonp.provider().createValue(open(cipher, stored, table, column)));
            } else {
              columns.read(rs, column, row);
            }
          }
          if (table.name().equals("kf_file")) {
            storageNames.add(rs.getString("storage_name"));
          }
          out.write(row.build().toString());
          out.write('\n');
          count++;
        }
      }
    }
    return count;
  }

  private static String open(
      DataCipher cipher, String stored, TenantTables.Table table, String column) {
    try {
      return cipher.open(stored);
    } catch (DataCipher.Unreadable e) {
      throw new RuleViolation(
          "export_unreadable",
          "a value of "
              + table.name()
              + "."
              + column
              + " cannot be decrypted with this installation's key ring");
    }
  }

  private Counts importZip(
      Connection connection,
      ZipInputStream zip,
      Map<String, SealedTables.Table> sealed,
      DataCipher cipher)
      throws IOException, SQLException {
    ZipEntry entry = zip.getNextEntry();
    if (entry == null || !entry.getName().equals("manifest.json")) {
      throw invalid("it does not begin with manifest.json");
    }
    JsonObject manifest = readJson(zip);
    if (!FORMAT.equals(manifest.getString("format", ""))
        || manifest.getInt("formatVersion", 0) != FORMAT_VERSION) {
      throw invalid("not an export of format " + FORMAT + " " + FORMAT_VERSION);
    }
    String tenantId = manifest.getString("tenantId", "");
    int theirs = versionNumber(manifest.getString("schemaVersion", ""));
    int ours = versionNumber(schemaVersion(connection));
    if (theirs > ours) {
      throw invalid(
          "it comes from schema version "
              + theirs
              + ", newer than this installation's "
              + ours
              + ": upgrade this installation first");
    }
    try (PreparedStatement exists =
        connection.prepareStatement("SELECT 1 FROM tenant WHERE id = ?")) {
      exists.setString(1, tenantId);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          throw new RuleViolation("tenant_exists", "this installation has the tenant already");
        }
      }
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    Map<String, String> fileHashes = new HashMap<>();
    long restored = 0;
    JsonObject summary = null;
    int tableIndex = 0;
    while ((entry = zip.getNextEntry()) != null) {
      String name = entry.getName();
      if (name.startsWith("tables/")) {
        TenantTables.Table table =
            TenantTables.ORDER.get(Math.min(tableIndex, TenantTables.ORDER.size() - 1));
        if (tableIndex >= TenantTables.ORDER.size()
            || !name.equals("tables/%02d-%s.ndjson".formatted(tableIndex + 1, table.name()))) {
          throw invalid("unexpected entry " + name);
        }
        tableIndex++;
        rows.put(
            table.name(),
            importTable(
                connection, table, tenantId, zip, sealed.get(table.name()), cipher, fileHashes));
      } else if (name.startsWith("files/")) {
        String storageName = name.substring("files/".length());
        String expected = fileHashes.remove(storageName);
        if (expected == null) {
          throw invalid("a file no row names: " + storageName);
        }
        String sha256 = files.restore(storageName, new Unclosable(zip));
        if (!expected.equalsIgnoreCase(sha256)) {
          throw invalid("the bytes of file " + storageName + " do not match its record");
        }
        restored++;
      } else if (name.equals("summary.json")) {
        summary = readJson(zip);
      } else {
        throw invalid("unexpected entry " + name);
      }
    }
    if (summary == null || tableIndex != TenantTables.ORDER.size()) {
      throw invalid("it is incomplete (cut short?)");
    }
    if (!fileHashes.isEmpty()) {
      throw invalid(fileHashes.size() + " files have a record but no bytes");
    }
    JsonObject expectedRows = summary.getJsonObject("rows");
    for (Map.Entry<String, Long> table : rows.entrySet()) {
      if (expectedRows == null
          || expectedRows.getJsonNumber(table.getKey()) == null
          || expectedRows.getJsonNumber(table.getKey()).longValue() != table.getValue()) {
        throw invalid("table " + table.getKey() + " does not hold the rows its summary counts");
      }
    }
    return new Counts(tenantId, rows, restored);
  }

  private long importTable(
      Connection connection,
      TenantTables.Table table,
      String tenantId,
      InputStream in,
      SealedTables.Table sealed,
      DataCipher cipher,
      Map<String, String> fileHashes)
      throws IOException, SQLException {
    Columns columns = Columns.of(connection, table.name());
    Map<String, SealedTables.Column> sealedColumns = new HashMap<>();
    if (sealed != null) {
      for (SealedTables.Column column : sealed.columns()) {
        sealedColumns.put(column.name(), column);
      }
    }
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(new Unclosable(in), StandardCharsets.UTF_8));
    List<String> insertColumns = null;
    PreparedStatement insert = null;
    int pending = 0;
    long count = 0;
    try {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonObject row;
        try (JsonReader reader = Jsonp.createReader(new StringReader(line))) {
          row = reader.readObject();
        } catch (RuntimeException bad) {
          throw invalid("a row of " + table.name() + " is not JSON");
        }
        if (!belongsTo(table, row, tenantId)) {
          throw invalid("a row of " + table.name() + " belongs to another tenant");
        }
        Map<String, JsonValue> values = new LinkedHashMap<>(row);
        for (SealedTables.Column column : sealedColumns.values()) {
          JsonValue plain = values.get(column.name());
          if (plain != null && plain.getValueType() == JsonValue.ValueType.STRING) {
            String text = ((jakarta.json.JsonString) plain).getString();
            values.put(column.name(), Jsonp.provider().createValue(cipher.seal(text)));
            if (column.indexColumn() != null) {
              values.put(
                  column.indexColumn(),
                  Jsonp.provider().createValue(cipher.index(column.normalise().apply(text))));
            }
          }
        }
        if (table.name().equals("kf_file")) {
          fileHashes.put(row.getString("storage_name", ""), row.getString("sha256", ""));
        }
        List<String> keys = new ArrayList<>(values.keySet());
        if (!keys.equals(insertColumns)) {
          if (insert != null) {
            if (pending > 0) {
              insert.executeBatch();
            }
            insert.close();
          }
          insertColumns = keys;
          insert =
              connection.prepareStatement(
                  "INSERT INTO "
                      + table.name()
                      + " ("
                      + String.join(", ", keys)
                      + ") VALUES ("
                      + String.join(", ", java.util.Collections.nCopies(keys.size(), "?"))
                      + ")");
          pending = 0;
        }
        for (int i = 0; i < keys.size(); i++) {
          columns.write(insert, i + 1, keys.get(i), values.get(keys.get(i)));
        }
        insert.addBatch();
        pending++;
        count++;
        if (pending == BATCH) {
          insert.executeBatch();
          pending = 0;
        }
      }
      if (insert != null && pending > 0) {
        insert.executeBatch();
      }
    } catch (SQLException refused) {
      throw new RuleViolation(
          "import_conflict",
          "table "
              + table.name()
              + " refused a row (an id, a site key or a user name this installation has already?): "
              + refused.getMessage());
    } finally {
      if (insert != null) {
        insert.close();
      }
    }
    return count;
  }

  /** Whether a row says it is of this tenant, where it says so at all. */
  private static boolean belongsTo(TenantTables.Table table, JsonObject row, String tenantId) {
    if (table.name().equals("tenant")) {
      return tenantId.equals(row.getString("id", null));
    }
    return !row.containsKey("tenant_id") || tenantId.equals(row.getString("tenant_id", null));
  }

  private Session session() {
    return em.unwrap(Session.class);
  }

  private void requireTenant(String tenantId) {
    Number found =
        (Number)
            em.createNativeQuery("SELECT COUNT(*) FROM tenant WHERE id = ?1")
                .setParameter(1, tenantId)
                .getSingleResult();
    if (tenantId == null || found.intValue() == 0) {
      throw new NotFoundException("no such tenant");
    }
  }

  private Map<String, SealedTables.Table> sealedTables() {
    SealedTables tables = new SealedTables();
    describe.fire(tables);
    Map<String, SealedTables.Table> byName = new HashMap<>();
    tables.tables().forEach(t -> byName.put(t.name(), t));
    return byName;
  }

  private static String schemaVersion(Connection connection) throws SQLException {
    int newest = 0;
    try (PreparedStatement versions =
            connection.prepareStatement(
                "SELECT version FROM flyway_schema_history WHERE success = TRUE"
                    + " AND version IS NOT NULL");
        ResultSet rs = versions.executeQuery()) {
      while (rs.next()) {
        newest = Math.max(newest, versionNumber(rs.getString(1)));
      }
    }
    return Integer.toString(newest);
  }

  private static int versionNumber(String version) {
    try {
      return Integer.parseInt(version.strip());
    } catch (RuntimeException bad) {
      throw invalid("no schema version in its manifest");
    }
  }

  private static JsonObject summary(Map<String, Long> rows, long fileCount) {
    JsonObjectBuilder counts = Jsonp.createObjectBuilder();
    rows.forEach((table, count) -> counts.add(table, count.longValue()));
    return Jsonp.createObjectBuilder().add("rows", counts).add("files", fileCount).build();
  }

  private static JsonObject readJson(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(1_000_000);
    try (JsonReader reader =
        Jsonp.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
      return reader.readObject();
    } catch (RuntimeException bad) {
      throw invalid("a JSON entry cannot be read");
    }
  }

  private static RuleViolation invalid(String why) {
    return new RuleViolation("import_invalid", "not a usable tenant export: " + why);
  }

  /** The current entry of a ZIP, which its readers must not close (the ZIP goes on). */
  private static final class Unclosable extends FilterInputStream {
    Unclosable(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
