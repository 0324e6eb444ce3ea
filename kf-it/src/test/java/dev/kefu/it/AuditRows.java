package dev.kefu.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The audit export read back as a spreadsheet would: RFC 4180 CSV after a byte order mark, one map
 * from column name to value per row.
 */
record AuditRows(String raw, List<Map<String, String>> rows) {

  static AuditRows parse(String csv) {
    if (!csv.startsWith("\uFEFF")) {
      throw new AssertionError("the export does not start with a UTF-8 byte order mark");
    }
    List<List<String>> records = records(csv.substring(1));
    List<String> header = records.get(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> record : records.subList(1, records.size())) {
      if (record.size() != header.size()) {
        throw new AssertionError("a row with " + record.size() + " cells: " + record);
      }
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), record.get(i));
      }
      rows.add(row);
    }
    return new AuditRows(csv, rows);
  }

  List<Map<String, String>> where(String column, String value) {
    return rows.stream().filter(row -> value.equals(row.get(column))).toList();
  }

  List<Map<String, String>> where(Predicate<Map<String, String>> condition) {
    return rows.stream().filter(condition).toList();
  }

  /** Every line must end with CRLF; a quoted cell may hold line breaks of its own. */
  private static List<List<String>> records(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
        i++;
        continue;
      }
      if (c == '"' && cell.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        record.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        record.add(cell.toString());
        cell.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i++;
      } else if (c == '\n' || c == '\r') {
        throw new AssertionError("a bare line break outside quotes at " + i);
      } else {
        cell.append(c);
      }
      i++;
    }
    if (cell.length() > 0 || !record.isEmpty()) {
      throw new AssertionError("the export does not end with CRLF");
    }
    return records;
  }
}
