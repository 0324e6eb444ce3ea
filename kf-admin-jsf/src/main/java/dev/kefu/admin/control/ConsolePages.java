package dev.kefu.admin.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.MalformedURLException;
import java.util.List;

/**
 * The console's menu: its pages by area, in the order a manager uses them. A page shows in the menu
 * once its facelet is in the console, so the menu never links to a page that is not there, and only
 * to whom it is for: the tenant's pages to its admins, the tenants page to the platform operator of
 * a multi-tenant installation. Each page still checks its caller itself.
 */
@Named
@ApplicationScoped
public class ConsolePages {

  /** Whom a page of the menu is for. */
  public enum Audience {
    /** A tenant's admins ({@code kf-admin}). */
    ADMIN,
    /** The platform operator ({@code kf-platform}) of a multi-tenant installation. */
    OPERATOR
  }

  /** One page of the menu: its file under {@code /admin/}, its text key and icon, its audience. */
  public record Page(String key, String file, String icon, Audience audience) {

    public Page(String key, String file, String icon) {
      this(key, file, icon, Audience.ADMIN);
    }

    /** The suffix of the link's id, {@code nav<Id>}: {@code navSites}, {@code navCanned}. */
    public String getId() {
      return Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }

    public String getKey() {
      return key;
    }

    public String getFile() {
      return file;
    }

    public String getIcon() {
      return icon;
    }
  }

  /** A heading of the menu and its pages. */
  public record Area(String key, List<Page> pages) {

    public String getKey() {
      return key;
    }

    public List<Page> getPages() {
      return pages;
    }
  }

  private static final List<Area> ALL =
      List.of(
          new Area(
              "overview",
              List.of(
                  new Page("dashboard", "dashboard.xhtml", "pi-home"),
                  new Page("monitor", "monitor.xhtml", "pi-eye"))),
          new Area(
              "service",
              List.of(
                  new Page("conversations", "conversations.xhtml", "pi-comments"),
                  new Page("reports", "reports.xhtml", "pi-chart-bar"))),
          new Area(
              "setup",
              List.of(
                  new Page("sites", "sites.xhtml", "pi-globe"),
                  new Page("departments", "departments.xhtml", "pi-sitemap"),
                  new Page("routing", "routing.xhtml", "pi-directions"),
                  new Page("staff", "staff.xhtml", "pi-users"),
                  new Page("canned", "canned.xhtml", "pi-bolt"),
                  new Page("webhooks", "webhooks.xhtml", "pi-send"))),
          new Area(
              "safety",
              List.of(
                  new Page("protection", "protection.xhtml", "pi-shield"),
                  new Page("audit", "audit.xhtml", "pi-list"))),
          new Area(
              "platform",
              List.of(new Page("tenants", "tenants.xhtml", "pi-building", Audience.OPERATOR))));

  @Inject CurrentAdmin currentAdmin;
  @Inject PlatformOperator platformOperator;

  private volatile List<Area> present;

  /**
   * The menu's areas with the pages this console has that the caller may open; an area without any
   * is left out.
   */
  public List<Area> getAreas() {
    boolean admin = currentAdmin.isAdmin();
    boolean operator = platformOperator.isPresent();
    return installed().stream()
        .map(
            area ->
                new Area(
                    area.key(),
                    area.pages().stream()
                        .filter(page -> page.audience() == Audience.ADMIN ? admin : operator)
                        .toList()))
        .filter(area -> !area.pages().isEmpty())
        .toList();
  }

  private List<Area> installed() {
    if (present == null) {
      present =
          ALL.stream()
              .map(
                  area -> new Area(area.key(), area.pages().stream().filter(this::exists).toList()))
              .filter(area -> !area.pages().isEmpty())
              .toList();
    }
    return present;
  }

  private boolean exists(Page page) {
    try {
      return FacesContext.getCurrentInstance()
              .getExternalContext()
              .getResource("/admin/" + page.file())
          != null;
    } catch (MalformedURLException never) {
      return false;
    }
  }
}
