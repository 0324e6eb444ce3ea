package dev.kefu.admin.boundary;

import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.admin.control.OriginLines;
import dev.kefu.admin.control.PrechatLines;
import dev.kefu.audit.entity.Actor;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Site;
import dev.kefu.tenant.entity.WidgetSettings;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import java.io.Serializable;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.primefaces.PrimeFaces;

/**
 * The sites page: the tenant's sites with their embed code, and the dialog that changes a site's
 * greeting, allowed origins and whether visitors must prove their identity, and that makes a new
 * identity-verification secret (shown once, never again). Only ever reads or changes sites of the
 * signed-in admin's own tenant; the site being edited is remembered on the server, never taken from
 * the form.
 */
@Named
@ViewScoped
public class SitesPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(SitesPage.class.getName());

  /** The client id of the edit dialog's form, where messages about a refused change go. */
  static final String EDIT_FORM = "editForm";

  @Inject CurrentAdmin admin;
  @Inject Sites sites;

  private List<SiteRow> rows;

  private String siteId;
  private String siteName;
  private String greeting;
  private String origins;
  private boolean identityRequired;

  // The widget settings (WidgetSettings), field by field as the dialog shows them.
  private String title;
  private String offlineText;
  private String primaryColour;
  private String textColour;
  private boolean prechatEnabled;
  private String prechatFields;
  private List<String> prechatDepartments = new ArrayList<>();
  private boolean proactiveEnabled;
  private String proactiveText;
  private int proactiveAfterSeconds;
  private String proactivePages;
  private List<SelectItem> departments;

  /** A secret just made for the edited site, shown once in the dialog; never on the page itself. */
  private String newSecret;

  public List<SiteRow> getRows() {
    if (rows == null) {
      String baseUrl = baseUrl();
      rows = sites.of(admin.tenantId()).stream().map(site -> SiteRow.of(site, baseUrl)).toList();
    }
    return rows;
  }

  /**
   * Fills the edit dialog with the site's current settings, read afresh; the callback parameter
   * {@code editing} tells the page to open it.
   */
  public void edit(String id) {
    Site site;
    try {
      site = sites.get(admin.tenantId(), id);
    } catch (NotFoundException gone) {
      siteId = null;
      rows = null;
      say(FacesMessage.SEVERITY_WARN, null, "sites.notFound");
      return;
    }
    siteId = site.id();
    siteName = site.name();
    greeting = site.greeting();
    origins = OriginLines.format(site.allowedOrigins());
    identityRequired = site.identityRequired();
    JsonObject widget = site.widgetSettings().toJson();
    title = widget.getString("title");
    offlineText = widget.getString("offlineText");
    primaryColour = widget.getJsonObject("colors").getString("primary");
    textColour = widget.getJsonObject("colors").getString("text");
    prechatEnabled = site.widgetSettings().prechatEnabled();
    prechatFields = PrechatLines.format(site.widgetSettings().fields());
    prechatDepartments = new ArrayList<>(site.widgetSettings().departmentIds());
    JsonObject proactive = widget.getJsonObject("proactive");
    proactiveEnabled = proactive.getBoolean("enabled");
    proactiveText = proactive.getString("text");
    proactiveAfterSeconds = proactive.getInt("afterSeconds");
    proactivePages =
        String.join(
            "\n", proactive.getJsonArray("pages").getValuesAs(jakarta.json.JsonString::getString));
    newSecret = null;
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /**
   * Saves the dialog, audited as this admin's change. On success the dialog closes (the callback
   * parameter {@code saved}) and the table shows the stored values; a change the business refuses
   * keeps the dialog open with the reason.
   */
  public void save() {
    Actor by = admin.actor();
    if (siteId == null) {
      say(FacesMessage.SEVERITY_WARN, null, "sites.notFound");
      closeDialog();
      return;
    }
    try {
      // The widget settings first: they are the ones most likely refused, and nothing is saved
      // then.
      sites.updateWidgetSettings(by, siteId, null, widgetSettings());
      Site saved =
          sites.updateWidget(by, siteId, greeting, OriginLines.parse(origins), identityRequired);
      newSecret = null;
      rows = null;
      say(FacesMessage.SEVERITY_INFO, null, "edit.saved", saved.name());
      closeDialog();
    } catch (RuleViolation refused) {
      say(FacesMessage.SEVERITY_ERROR, EDIT_FORM, refusal(refused), refused.getMessage());
    } catch (NotFoundException gone) {
      rows = null;
      say(FacesMessage.SEVERITY_WARN, null, "sites.notFound");
      closeDialog();
    } catch (EJBException failed) {
      LOG.log(Level.WARNING, "saving the widget settings of site " + siteId + " failed", failed);
      say(FacesMessage.SEVERITY_ERROR, EDIT_FORM, "edit.failed");
    }
  }

  /**
   * Gives the edited site a new identity-verification secret, audited, and shows it in the dialog
   * once, for the admin to copy into the site's back end. The old secret stops working at once. A
   * secret is never shown again: whoever lost it makes a new one.
   */
  public void renewSecret() {
    if (siteId == null) {
      say(FacesMessage.SEVERITY_WARN, null, "sites.notFound");
      closeDialog();
      return;
    }
    try {
      newSecret = sites.renewSecret(admin.actor(), siteId);
      say(FacesMessage.SEVERITY_INFO, EDIT_FORM, "secret.renewed");
    } catch (NotFoundException gone) {
      rows = null;
      say(FacesMessage.SEVERITY_WARN, null, "sites.notFound");
      closeDialog();
    } catch (EJBException failed) {
      LOG.log(Level.WARNING, "renewing the secret of site " + siteId + " failed", failed);
      say(FacesMessage.SEVERITY_ERROR, EDIT_FORM, "edit.failed");
    }
  }

  /**
   * The secret made by {@link #renewSecret()} in this request, then forgotten: it is rendered once,
   * in the answer to that request, and a later render of the page cannot show it again.
   */
  public String getNewSecret() {
    String shown = newSecret;
    newSecret = null;
    return shown;
  }

  public boolean isSecretShown() {
    return newSecret != null;
  }

  public boolean isIdentityRequired() {
    return identityRequired;
  }

  public void setIdentityRequired(boolean identityRequired) {
    this.identityRequired = identityRequired;
  }

  public String getSiteName() {
    return siteName;
  }

  public String getGreeting() {
    return greeting;
  }

  public void setGreeting(String greeting) {
    this.greeting = greeting;
  }

  public String getOrigins() {
    return origins;
  }

  public void setOrigins(String origins) {
    this.origins = origins;
  }

  public int getMaxGreeting() {
    return Site.MAX_GREETING;
  }

  /** The dialog's widget fields as settings; refused with a {@link RuleViolation} when invalid. */
  private WidgetSettings widgetSettings() {
    return WidgetSettings.of(
        Jsonp.createObjectBuilder()
            .add("title", nonNull(title))
            .add("offlineText", nonNull(offlineText))
            .add(
                "colors",
                Jsonp.createObjectBuilder()
                    .add("primary", nonNull(primaryColour))
                    .add("text", nonNull(textColour)))
            .add(
                "prechat",
                Jsonp.createObjectBuilder()
                    .add("enabled", prechatEnabled)
                    .add("fields", PrechatLines.parse(prechatFields))
                    .add(
                        "departmentIds",
                        Jsonp.createArrayBuilder(
                            prechatDepartments == null ? List.of() : prechatDepartments)))
            .add(
                "proactive",
                Jsonp.createObjectBuilder()
                    .add("enabled", proactiveEnabled)
                    .add("text", nonNull(proactiveText))
                    .add("afterSeconds", proactiveAfterSeconds)
                    .add("pages", Jsonp.createArrayBuilder(OriginLines.parse(proactivePages))))
            .build());
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }

  /** The tenant's departments, to offer in the pre-chat form. */
  public List<SelectItem> getDepartments() {
    if (departments == null) {
      departments = new ArrayList<>();
      for (Department department : sites.departmentsOf(admin.tenantId())) {
        departments.add(new SelectItem(department.id(), department.name()));
      }
    }
    return departments;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public String getOfflineText() {
    return offlineText;
  }

  public void setOfflineText(String offlineText) {
    this.offlineText = offlineText;
  }

  public String getPrimaryColour() {
    return primaryColour;
  }

  public void setPrimaryColour(String primaryColour) {
    this.primaryColour = primaryColour;
  }

  public String getTextColour() {
    return textColour;
  }

  public void setTextColour(String textColour) {
    this.textColour = textColour;
  }

  public boolean isPrechatEnabled() {
    return prechatEnabled;
  }

  public void setPrechatEnabled(boolean prechatEnabled) {
    this.prechatEnabled = prechatEnabled;
  }

  public String getPrechatFields() {
    return prechatFields;
  }

  public void setPrechatFields(String prechatFields) {
    this.prechatFields = prechatFields;
  }

  public List<String> getPrechatDepartments() {
    return prechatDepartments;
  }

  public void setPrechatDepartments(List<String> prechatDepartments) {
    this.prechatDepartments = prechatDepartments;
  }

  public boolean isProactiveEnabled() {
    return proactiveEnabled;
  }

  public void setProactiveEnabled(boolean proactiveEnabled) {
    this.proactiveEnabled = proactiveEnabled;
  }

  public String getProactiveText() {
    return proactiveText;
  }

  public void setProactiveText(String proactiveText) {
    this.proactiveText = proactiveText;
  }

  public int getProactiveAfterSeconds() {
    return proactiveAfterSeconds;
  }

  public void setProactiveAfterSeconds(int proactiveAfterSeconds) {
    this.proactiveAfterSeconds = proactiveAfterSeconds;
  }

  public String getProactivePages() {
    return proactivePages;
  }

  public void setProactivePages(String proactivePages) {
    this.proactivePages = proactivePages;
  }

  private static void closeDialog() {
    PrimeFaces.current().ajax().addCallbackParam("saved", true);
  }

  /**
   * The bundle key for a refusal: a text of its own where the console has one for the refusal's
   * code, otherwise a general one that quotes the business's reason.
   */
  private static String refusal(RuleViolation refused) {
    String key = "rule." + refused.code();
    return bundle().containsKey(key) ? key : "edit.refused";
  }

  private static void say(
      FacesMessage.Severity severity, String clientId, String key, Object... args) {
    String text = bundle().getString(key);
    if (args.length > 0) {
      text =
          new MessageFormat(text, FacesContext.getCurrentInstance().getViewRoot().getLocale())
              .format(args);
    }
    FacesContext.getCurrentInstance().addMessage(clientId, new FacesMessage(severity, text, null));
  }

  private static ResourceBundle bundle() {
    FacesContext faces = FacesContext.getCurrentInstance();
    return faces.getApplication().getResourceBundle(faces, "msg");
  }

  /** Where this installation is reached, as the browser reached it: the widget loads from there. */
  private static String baseUrl() {
    ExternalContext request = FacesContext.getCurrentInstance().getExternalContext();
    String scheme = request.getRequestScheme();
    int port = request.getRequestServerPort();
    boolean defaultPort =
        port <= 0
            || ("http".equals(scheme) && port == 80)
            || ("https".equals(scheme) && port == 443);
    return scheme
        + "://"
        + request.getRequestServerName()
        + (defaultPort ? "" : ":" + port)
        + request.getRequestContextPath();
  }
}
