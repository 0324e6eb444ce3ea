package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.admin.control.ReportFormat;
import dev.kefu.report.boundary.Reports;
import dev.kefu.report.entity.Figures;
import dev.kefu.report.entity.Grouping;
import dev.kefu.report.entity.Report;
import dev.kefu.report.entity.ReportPeriod;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.RuleViolation;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The reports page: for a range of days in a time zone, conversations per hour of the day and per
 * day, and wait, first response, handle time, missed chats and satisfaction per day, agent or
 * department, each as a chart, a table and a CSV export ({@code /api/v1/reports/…}). The figures
 * are the business's ({@link Reports}); this page only shows them, for the admin's own tenant.
 */
@Named
@ViewScoped
public class ReportsPage implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String FORM = "reportsForm";
  static final int DEFAULT_DAYS = 30;
  private static final Map<String, String> COMPONENT_OF_FIELD =
      Map.of("from", "range", "to", "range");

  /** The colours of the charts' series: blue, its lighter shade, orange, its lighter shade. */
  private static final List<String> COLOURS = List.of("#2170c8", "#8fb8e6", "#e8833a", "#f3c29c");

  @Inject CurrentAdmin admin;
  @Inject Reports reports;

  private List<LocalDate> range;
  private String zone;
  private String group = Grouping.DAY.wire();
  private Report hours;
  private Report days;
  private Report grouped;
  private List<SelectItem> zones;

  /** Shows the reports of the chosen range, zone and grouping, or the refusal at its field. */
  public void show() {
    hours = null;
    days = null;
    grouped = null;
    try {
      compute();
    } catch (RuleViolation refused) {
      ConsoleMessages.refused(refused, FORM, COMPONENT_OF_FIELD);
    }
  }

  private void compute() {
    ReportPeriod period = period();
    String tenantId = admin.tenantId();
    Grouping grouping = grouping();
    grouped = reports.report(tenantId, period, grouping);
    // The hours and days show counts only, which the database gives without sorting the times.
    hours = reports.volume(tenantId, period, Grouping.HOUR);
    days = grouping == Grouping.DAY ? grouped : reports.volume(tenantId, period, Grouping.DAY);
  }

  private ReportPeriod period() {
    List<LocalDate> chosen = getRange();
    LocalDate from = chosen.isEmpty() ? null : chosen.get(0);
    LocalDate to = chosen.isEmpty() ? null : chosen.get(chosen.size() - 1);
    if (from == null) {
      throw new RuleViolation("report_period_missing", "a report needs its days", "from");
    }
    return ReportPeriod.of(from, to, getZone());
  }

  private Grouping grouping() {
    Grouping grouping = Grouping.fromWire(group);
    return grouping == null || grouping == Grouping.HOUR ? Grouping.DAY : grouping;
  }

  private void ensureComputed() {
    if (grouped == null && !FacesContext.getCurrentInstance().isValidationFailed()) {
      try {
        compute();
      } catch (RuleViolation refused) {
        // Shown by show(); a page that only renders keeps its tables empty.
      }
    }
  }

  public boolean isShown() {
    ensureComputed();
    return grouped != null;
  }

  /** The report's rows with the whole period's as the last ({@code key} {@code total}). */
  private static List<Figures> withTotal(Report report) {
    if (report == null) {
      return List.of();
    }
    List<Figures> rows = new ArrayList<>(report.rows());
    rows.add(report.total().labelled(ConsoleMessages.text("reports.total")));
    return rows;
  }

  public List<Figures> getHourRows() {
    ensureComputed();
    return withTotal(hours);
  }

  public List<Figures> getDayRows() {
    ensureComputed();
    return withTotal(days);
  }

  public List<Figures> getGroupRows() {
    ensureComputed();
    return withTotal(grouped);
  }

  /** What a row is called in the tables and charts. */
  public String label(Figures row) {
    Grouping grouping = grouped == null ? grouping() : grouped.grouping();
    if ("all".equals(row.key())) {
      return row.label();
    }
    if (row.key().isEmpty()) {
      return ConsoleMessages.text("reports.nobody");
    }
    if (row.key().length() <= 2 && row.key().chars().allMatch(Character::isDigit)) {
      return String.format("%02d:00", Integer.parseInt(row.key()));
    }
    return grouping == Grouping.DAY ? row.key() : row.label();
  }

  public boolean isTotal(Figures row) {
    return "all".equals(row.key());
  }

  public String time(Double seconds) {
    return ReportFormat.time(seconds);
  }

  public String percent(Double share) {
    return ReportFormat.percent(share);
  }

  public String score(Double average) {
    return ReportFormat.score(average);
  }

  // ---- charts: Chart.js configurations for p:chart

  public String getHoursChart() {
    ensureComputed();
    return countsChart(hours);
  }

  public String getDaysChart() {
    ensureComputed();
    return countsChart(days);
  }

  /** The conversations and missed chats of a report's rows as bars; empty before any report. */
  private String countsChart(Report report) {
    return report == null
        ? ""
        : bar(
            report.rows(),
            series("reports.conversations", f -> f.conversations()),
            series("reports.missed", f -> f.missed()));
  }

  public String getWaitChart() {
    ensureComputed();
    return grouped == null
        ? ""
        : bar(
            grouped.rows(),
            "reports.secondsAxis",
            series("reports.waitMedian", Figures::waitMedian),
            series("reports.waitP90", Figures::waitP90),
            series("reports.firstResponseMedian", Figures::firstResponseMedian),
            series("reports.firstResponseP90", Figures::firstResponseP90));
  }

  public String getHandleChart() {
    ensureComputed();
    return grouped == null
        ? ""
        : bar(
            grouped.rows(),
            "reports.secondsAxis",
            series("reports.handleMedian", Figures::handleMedian),
            series("reports.handleP90", Figures::handleP90));
  }

  public String getMissedChart() {
    ensureComputed();
    return grouped == null
        ? ""
        : bar(
            grouped.rows(), series("reports.missedRatePercent", f -> hundredfold(f.missedRate())));
  }

  public String getSatisfactionChart() {
    ensureComputed();
    return grouped == null
        ? ""
        : bar(grouped.rows(), series("reports.goodSharePercent", f -> hundredfold(f.goodShare())));
  }

  private static Double hundredfold(Double share) {
    return share == null ? null : share * 100;
  }

  private record Series(String key, Function<Figures, Number> value) {}

  private static Series series(String key, Function<Figures, Number> value) {
    return new Series(key, value);
  }

  private String bar(List<Figures> rows, Series... series) {
    return bar(rows, null, series);
  }

  /** A bar chart of the rows, one bar per series; {@code axisKey} names the values' unit. */
  private String bar(List<Figures> rows, String axisKey, Series... series) {
    JsonArrayBuilder labels = Jsonp.createArrayBuilder();
    rows.forEach(row -> labels.add(label(row)));
    JsonArrayBuilder datasets = Jsonp.createArrayBuilder();
    for (int i = 0; i < series.length; i++) {
      JsonArrayBuilder data = Jsonp.createArrayBuilder();
      for (Figures row : rows) {
        Number value = series[i].value().apply(row);
        if (value == null) {
          data.addNull();
        } else {
          data.add(Math.round(value.doubleValue() * 10) / 10.0);
        }
      }
      datasets.add(
          Jsonp.createObjectBuilder()
              .add("label", ConsoleMessages.text(series[i].key()))
              .add("data", data)
              .add("backgroundColor", COLOURS.get(i % COLOURS.size()))
              .add("maxBarThickness", 48));
    }
    JsonObjectBuilder options =
        Jsonp.createObjectBuilder()
            .add("responsive", true)
            .add("maintainAspectRatio", false)
            .add("animation", false)
            .add(
                "scales",
                Jsonp.createObjectBuilder()
                    .add(
                        "y",
                        Jsonp.createObjectBuilder()
                            .add("beginAtZero", true)
                            // Counts and percentages have no use for fractions on the axis.
                            .add("ticks", Jsonp.createObjectBuilder().add("precision", 0))
                            .add(
                                "title",
                                Jsonp.createObjectBuilder()
                                    .add("display", axisKey != null)
                                    .add(
                                        "text",
                                        axisKey == null ? "" : ConsoleMessages.text(axisKey)))));
    return Jsonp.createObjectBuilder()
        .add("type", "bar")
        .add("data", Jsonp.createObjectBuilder().add("labels", labels).add("datasets", datasets))
        .add("options", options)
        .build()
        .toString();
  }

  // ---- CSV export links

  /** The address of a report's CSV for the range, zone and grouping shown. */
  public String csvUrl(String report) {
    List<LocalDate> chosen = getRange();
    String path =
        FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath()
            + "/api/v1/reports/"
            + report
            + ".csv?from="
            + (chosen.isEmpty() ? "" : chosen.get(0))
            + "&to="
            + (chosen.isEmpty() ? "" : chosen.get(chosen.size() - 1))
            + "&zone="
            + URLEncoder.encode(getZone(), StandardCharsets.UTF_8);
    return "hours".equals(report) || "days".equals(report)
        ? path
        : path + "&group=" + grouping().wire();
  }

  // ---- the form

  public List<LocalDate> getRange() {
    if (range == null) {
      LocalDate today = LocalDate.now(ZoneId.of(getZone()));
      range = new ArrayList<>(List.of(today.minusDays(DEFAULT_DAYS - 1), today));
    }
    return range;
  }

  public void setRange(List<LocalDate> range) {
    this.range = range == null ? new ArrayList<>() : new ArrayList<>(range);
  }

  public String getZone() {
    if (zone == null) {
      zone = reports.defaultZone(admin.tenantId()).getId();
    }
    return zone;
  }

  public void setZone(String zone) {
    this.zone = zone;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  /** Every time zone by its name, for the zone picker. */
  public List<SelectItem> getZones() {
    if (zones == null) {
      zones =
          ZoneId.getAvailableZoneIds().stream()
              .filter(id -> !id.startsWith("SystemV/"))
              .sorted()
              .map(id -> new SelectItem(id, id))
              .toList();
    }
    return zones;
  }

  public int getMaxDays() {
    return ReportPeriod.MAX_DAYS;
  }
}
