package dev.kefu.setup.control;

import dev.kefu.setup.boundary.SealedTables;
import dev.kefu.shared.DataCipher;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.sql.Clob;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Re-encrypts one batch of a table's rows under the current key, in a transaction of its own: a
 * large table never becomes one long transaction, and each batch holds its rows' locks only while
 * it rewrites them. Rows are read in the order of their id (random, so spread over the table) from
 * a given id on, locked ({@code FOR UPDATE}) so that a change made meanwhile is not overwritten. A
 * value already under the current key stays as it is; a value without a key (stored before
 * encryption) is encrypted; a value that cannot be opened is left untouched and counted.
 */
@Stateless
public class TableResealing {

  /** What a batch did: its last row's id ({@code null} when there were no rows left). */
  public record Batch(String lastId, int rows, int resealed, int unreadable) {}

  @PersistenceContext private EntityManager em;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Batch reseal(DataCipher cipher, SealedTables.Table table, String afterId, int size) {
    List<String> read = new ArrayList<>();
    for (SealedTables.Column column : table.columns()) {
      read.add(column.name());
      if (column.indexColumn() != null) {
        read.add(column.indexColumn());
      }
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        em.createNativeQuery(
                "SELECT id, "
                    + String.join(", ", read)
                    + " FROM "
                    + table.name()
                    + " WHERE id > ?1 ORDER BY id LIMIT ?2 FOR UPDATE")
            .setParameter(1, afterId)
            .setParameter(2, size)
            .getResultList();
    int resealed = 0;
    int unreadable = 0;
    for (Object[] row : rows) {
      List<String> set = new ArrayList<>();
      List<String> values = new ArrayList<>();
      int at = 1;
      for (SealedTables.Column column : table.columns()) {
        String stored = text(row[at++]);
        String storedIndex = column.indexColumn() == null ? null : text(row[at++]);
        if (stored == null) {
          continue;
        }
        String plain;
        try {
          plain = cipher.open(stored);
        } catch (DataCipher.Unreadable e) {
          unreadable++;
          continue;
        }
        if (!cipher.isCurrent(stored)) {
          set.add(column.name());
          values.add(cipher.seal(plain));
        }
        if (column.indexColumn() != null) {
          String index = cipher.index(column.normalise().apply(plain));
          if (!Objects.equals(index, storedIndex)) {
            set.add(column.indexColumn());
            values.add(index);
          }
        }
      }
      if (!set.isEmpty()) {
        List<String> assignments = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
          assignments.add(set.get(i) + " = ?" + (i + 1));
        }
        Query update =
            em.createNativeQuery(
                "UPDATE "
                    + table.name()
                    + " SET "
                    + String.join(", ", assignments)
                    + " WHERE id = ?"
                    + (set.size() + 1));
        for (int i = 0; i < values.size(); i++) {
          update.setParameter(i + 1, values.get(i));
        }
        update.setParameter(values.size() + 1, row[0]);
        update.executeUpdate();
        resealed++;
      }
    }
    String lastId = rows.isEmpty() ? null : (String) rows.get(rows.size() - 1)[0];
    return new Batch(lastId, rows.size(), resealed, unreadable);
  }

  /** A column's value as text: H2 answers large text columns as a {@link Clob}. */
  private static String text(Object value) {
    if (value instanceof Clob clob) {
      try (Reader reader = clob.getCharacterStream()) {
        StringWriter text = new StringWriter();
        reader.transferTo(text);
        return text.toString();
      } catch (SQLException | IOException e) {
        throw new IllegalStateException("a text column could not be read", e);
      }
    }
    return (String) value;
  }
}
