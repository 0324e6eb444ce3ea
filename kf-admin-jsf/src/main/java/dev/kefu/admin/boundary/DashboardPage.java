package dev.kefu.admin.boundary;

import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.admin.control.ReportFormat;
import dev.kefu.report.boundary.Dashboard;
import dev.kefu.report.boundary.Reports;
import dev.kefu.report.entity.LiveFigures;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The dashboard, the console's first page: agents and visitors on line now, visitors waiting,
 * conversations going on, and today's conversations, median wait and first response, missed chats
 * and satisfaction, for the admin's own tenant. The page reads them again every 30 seconds.
 */
@Named
@ViewScoped
public class DashboardPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Inject CurrentAdmin admin;
  @Inject Dashboard dashboard;
  @Inject Reports reports;

  private transient LiveFigures figures;
  private ZoneId zone;

  /** The figures as of this request; read once per request, again after {@link #refresh}. */
  public LiveFigures getFigures() {
    if (figures == null) {
      if (zone == null) {
        zone = reports.defaultZone(admin.tenantId());
      }
      figures = dashboard.now(admin.tenantId(), zone);
    }
    return figures;
  }

  /** Reads the figures again (the page's poll). */
  public void refresh() {
    figures = null;
  }

  /** When the figures were read, on the clock of the dashboard's time zone. */
  public String getReadAt() {
    LiveFigures live = getFigures();
    return CLOCK.format(live.at().atZone(live.zone()));
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
}
