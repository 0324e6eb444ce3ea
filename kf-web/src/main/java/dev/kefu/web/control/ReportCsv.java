package dev.kefu.web.control;

import dev.kefu.report.entity.Figures;
import dev.kefu.report.entity.Grouping;
import dev.kefu.report.entity.Report;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One report as CSV, written as {@link AuditCsv} writes (UTF-8 with a byte order mark, CRLF,
 * formula-looking values defused): a header line, a line per row of the report and a last line
 * {@code total} for the whole period. Times are in seconds with one decimal, rates and shares from
 * 0 to 1 with four; an empty cell where nothing was measured.
 */
public final class ReportCsv {

  /** The reports there are, by the name in their URL. */
  public enum Kind {
    HOURS,
    DAYS,
    WAIT,
    HANDLE,
    MISSED,
    SATISFACTION;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of this name; null for anything else. */
    public static Kind fromWire(String value) {
      for (Kind kind : values()) {
        if (kind.wire().equals(value)) {
          return kind;
        }
      }
      return null;
    }

    /** How this report's rows are grouped, given the grouping asked for. */
    public Grouping grouping(Grouping asked) {
      return switch (this) {
        case HOURS -> Grouping.HOUR;
        case DAYS -> Grouping.DAY;
        default -> asked;
      };
    }
  }

  private record Column(String name, Function<Figures, String> value) {}

  private final Writer out;

  public ReportCsv(Writer out) {
    this.out = out;
  }

  /** The report as the CSV of this kind. */
  public void write(Kind kind, Report report) throws IOException {
    List<Column> columns = columns(kind, report.grouping());
    out.write('\uFEFF');
    line(columns.stream().map(Column::name).toList());
    for (Figures row : report.rows()) {
      line(columns.stream().map(c -> c.value().apply(row)).toList());
    }
    List<String> total = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      total.add(i == 0 ? "total" : i == 1 && twoKeyColumns(report.grouping()) ? "" : null);
    }
    for (int i = total.indexOf(null); i >= 0 && i < columns.size(); i++) {
      total.set(i, columns.get(i).value().apply(report.total()));
    }
    line(total);
    out.flush();
  }

  private static boolean twoKeyColumns(Grouping grouping) {
    return grouping == Grouping.AGENT || grouping == Grouping.DEPARTMENT;
  }

  private static List<Column> columns(Kind kind, Grouping grouping) {
    List<Column> columns = new ArrayList<>();
    switch (grouping) {
      case HOUR -> columns.add(new Column("hour", Figures::key));
      case DAY -> columns.add(new Column("date", Figures::key));
      case AGENT -> {
        columns.add(new Column("agent_id", Figures::key));
        columns.add(new Column("agent", f -> f.key().isEmpty() ? "" : f.label()));
      }
      case DEPARTMENT -> {
        columns.add(new Column("department_id", Figures::key));
        columns.add(new Column("department", Figures::label));
      }
      default -> columns.add(new Column("period", f -> "all"));
    }
    switch (kind) {
      case HOURS, DAYS -> {
        columns.add(new Column("conversations", f -> count(f.conversations())));
        columns.add(new Column("answered", f -> count(f.answered())));
        columns.add(new Column("missed", f -> count(f.missed())));
      }
      case WAIT -> {
        columns.add(new Column("conversations", f -> count(f.conversations())));
        columns.add(new Column("waited", f -> count(f.waited())));
        columns.add(new Column("wait_median_s", f -> seconds(f.waitMedian())));
        columns.add(new Column("wait_p90_s", f -> seconds(f.waitP90())));
        columns.add(new Column("answered", f -> count(f.answered())));
        columns.add(new Column("first_response_median_s", f -> seconds(f.firstResponseMedian())));
        columns.add(new Column("first_response_p90_s", f -> seconds(f.firstResponseP90())));
      }
      case HANDLE -> {
        columns.add(new Column("handled", f -> count(f.handled())));
        columns.add(new Column("handle_median_s", f -> seconds(f.handleMedian())));
        columns.add(new Column("handle_p90_s", f -> seconds(f.handleP90())));
        columns.add(new Column("handle_average_s", f -> seconds(f.handleAverage())));
      }
      case MISSED -> {
        columns.add(new Column("conversations", f -> count(f.conversations())));
        columns.add(new Column("ended", f -> count(f.ended())));
        columns.add(new Column("missed", f -> count(f.missed())));
        columns.add(new Column("missed_rate", f -> share(f.missedRate())));
      }
      case SATISFACTION -> {
        columns.add(new Column("rated", f -> count(f.rated())));
        columns.add(new Column("good", f -> count(f.good())));
        columns.add(new Column("bad", f -> count(f.bad())));
        columns.add(new Column("good_share", f -> share(f.goodShare())));
        columns.add(new Column("average_score", f -> share(f.averageScore())));
      }
    }
    return columns;
  }

  private static String count(long value) {
    return Long.toString(value);
  }

  static String seconds(Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.1f", value);
  }

  static String share(Double value) {
    return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
  }

  private void line(List<String> values) throws IOException {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(AuditCsv.cell(values.get(i)));
    }
    out.write("\r\n");
  }
}
