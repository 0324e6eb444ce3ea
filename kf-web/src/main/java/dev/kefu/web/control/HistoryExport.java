package dev.kefu.web.control;

import dev.kefu.history.boundary.HistoryRow;
import dev.kefu.shared.Jsonp;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of the conversation history written out as they come, as CSV (the rules of {@link AuditCsv}:
 * UTF-8 with a byte order mark, CRLF, quotes where needed, formulas defused) or as one JSON array
 * of objects. Neither holds more than the row being written.
 */
public final class HistoryExport {

  public static final String CSV = "text/csv; charset=UTF-8";
  public static final String JSON = "application/json; charset=UTF-8";

  static final List<String> COLUMNS =
      List.of(
          "id",
          "started_at",
          "site",
          "department",
          "agent",
          "visitor_id",
          "visitor_name",
          "visitor_email",
          "state",
          "rating",
          "rating_comment",
          "wait_seconds",
          "first_response_seconds",
          "duration_seconds",
          "closed_at",
          "closed_by",
          "messages",
          "first_words");

  private HistoryExport() {}

  /** The values of a row, in the order of {@link #COLUMNS}; null for none. */
  static List<Object> values(HistoryRow row) {
    List<Object> values = new ArrayList<>();
    values.add(row.id());
    values.add(row.createdAt());
    values.add(row.siteName());
    values.add(row.departmentName());
    values.add(row.agentName());
    values.add(row.visitorId());
    values.add(row.visitorName());
    values.add(row.visitorEmail());
    values.add(row.state());
    values.add(row.rating());
    values.add(row.ratingComment());
    values.add(row.waitSeconds());
    values.add(row.firstResponseSeconds());
    values.add(row.durationSeconds());
    values.add(row.closedAt());
    values.add(row.closedBy());
    values.add(row.messages());
    values.add(row.firstWords());
    return values;
  }

  /** CSV: the header first, then a line per row. */
  public static final class Csv {
    private final Writer out;

    public Csv(Writer out) {
      this.out = out;
    }

    public void begin() throws IOException {
      out.write('\uFEFF');
      line(new ArrayList<>(COLUMNS));
    }

    public void write(HistoryRow row) throws IOException {
      line(values(row));
    }

    private void line(List<?> values) throws IOException {
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        Object value = values.get(i);
        out.write(AuditCsv.cell(value == null ? null : value.toString()));
      }
      out.write("\r\n");
    }
  }

  /** JSON: {@code [ {...}, … ]}, numbers as numbers, times as ISO-8601 instants. */
  public static final class Json {
    private final JsonGenerator out;

    public Json(Writer writer) {
      this.out = Jsonp.provider().createGenerator(writer);
    }

    public void begin() {
      out.writeStartArray();
    }

    public void write(HistoryRow row) {
      out.writeStartObject();
      List<Object> values = values(row);
      for (int i = 0; i < COLUMNS.size(); i++) {
        String name = COLUMNS.get(i);
        Object value = values.get(i);
        if (value == null) {
          out.writeNull(name);
        } else if (value instanceof Integer n) {
          out.write(name, n);
        } else if (value instanceof Long n) {
          out.write(name, n);
        } else if (value instanceof Instant at) {
          out.write(name, at.toString());
        } else {
          out.write(name, value.toString());
        }
      }
      out.writeEnd();
    }

    public void end() {
      out.writeEnd();
      out.flush();
    }
  }
}
