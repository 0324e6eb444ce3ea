package dev.kefu.web.control;

import dev.kefu.audit.entity.AuditEvent;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;

/**
 * Audit events as CSV (RFC 4180) that spreadsheets open safely: UTF-8 with a byte order mark, so
 * Excel in zh-CN reads Chinese text right; CRLF line ends; quotes where a value needs them; and a
 * leading apostrophe on any value a spreadsheet would take for a formula ({@code = + - @}, tab,
 * carriage return), since user names as typed and details come from outside.
 */
public final class AuditCsv {

  public static final String CONTENT_TYPE = "text/csv; charset=UTF-8";
  static final List<String> COLUMNS =
      List.of(
          "at",
          "tenant_id",
          "actor",
          "actor_type",
          "action",
          "object_type",
          "object_id",
          "ip",
          "source",
          "detail",
          "id");

  private final Writer out;

  public AuditCsv(Writer out) {
    this.out = out;
  }

  /** The byte order mark and the header line. */
  public void begin() throws IOException {
    out.write('\uFEFF');
    line(COLUMNS);
  }

  public void write(AuditEvent event) throws IOException {
    line(
        Arrays.asList(
            event.at().toString(),
            event.tenantId(),
            event.actor(),
            event.actorType(),
            event.action(),
            event.objectType(),
            event.objectId(),
            event.ip(),
            event.source(),
            event.detail(),
            event.id()));
  }

  private void line(List<String> values) throws IOException {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(cell(values.get(i)));
    }
    out.write("\r\n");
  }

  /** One value as a CSV cell: defused if it looks like a formula, quoted if it needs to be. */
  static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String text = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    boolean quote =
        text.indexOf(',') >= 0
            || text.indexOf('"') >= 0
            || text.indexOf('\n') >= 0
            || text.indexOf('\r') >= 0;
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
