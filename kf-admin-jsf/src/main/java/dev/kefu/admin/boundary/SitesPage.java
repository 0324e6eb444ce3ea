package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.admin.control.EmbedCode;
import dev.kefu.admin.control.OriginLines;
import dev.kefu.admin.control.PrechatLines;
import dev.kefu.audit.entity.Actor;
import dev.kefu.shared.ClientAddress;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.PublicAddress;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Site;
import dev.kefu.tenant.entity.WidgetSettings;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.validator.ValidatorException;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.primefaces.PrimeFaces;

/**
 * The sites page: the tenant's sites with their embed code (a table paged, sorted and filtered in
 * the database), a new site, a site deleted after a confirmation, and the dialog that sets all of a
 * site at once (name, default department, greeting, allowed origins, identity verification, the
 * widget's look and its texts per language) and makes a new identity-verification secret (shown
 * once, never again). Every save is one business call, so a refusal leaves nothing half-saved; it
 * is shown at the field that caused it. Only ever reads or changes sites of the signed-in admin's
 * own tenant; the site being edited is remembered on the server, never taken from the form.
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
  @Inject PublicAddress publicAddress;

  /**
   * Where a business refusal's field is shown: the dialog's component for each field of the
   * request, where their names differ.
   */
  static final Map<String, String> COMPONENT_OF_FIELD = componentOfField();

  private transient SiteRows rows;

  private String siteId;
  private String siteName;
  private String name;
  private String defaultDepartmentId;
  private String greeting;
  private String origins;
  private boolean identityRequired;

  // The widget settings (WidgetSettings), field by field as the dialog shows them.
  private String title;
  private String offlineText;
  private String primaryColour;
  private String side = "right";
  private Integer bottomOffset = WidgetSettings.DEFAULT_BOTTOM_OFFSET;
  private String textColour;
  private boolean prechatEnabled;
  private String prechatFields;
  private List<String> prechatDepartments = new ArrayList<>();
  private boolean proactiveEnabled;
  private String proactiveText;
  private int proactiveAfterSeconds;
  private String proactivePages;
  private List<SelectItem> departments;

  /** The texts of the widget per language ({@link WidgetSettings#LANGUAGES}), as edited. */
  private Map<String, LanguageTexts> texts = emptyTexts();

  /** The embed code of the site made last on this page, shown above the table. */
  private String createdEmbedCode;

  private String createdName;

  /** A secret just made for the edited site, shown once in the dialog; never on the page itself. */
  private String newSecret;

  /** The table's rows: paged, sorted and filtered by the database. */
  public SiteRows getRows() {
    if (rows == null) {
      rows = new SiteRows(sites, admin.tenantId(), baseUrl());
    }
    return rows;
  }

  /** Empties the dialog for a new site; the callback parameter {@code editing} opens it. */
  public void create() {
    siteId = null;
    siteName = null;
    name = null;
    List<SelectItem> options = getDepartments();
    defaultDepartmentId = options.isEmpty() ? null : (String) options.get(0).getValue();
    greeting = null;
    origins = null;
    identityRequired = false;
    fill(WidgetSettings.defaults());
    newSecret = null;
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /** Whether the dialog makes a new site rather than changing one. */
  public boolean isCreating() {
    return siteId == null;
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
    name = site.name();
    defaultDepartmentId = site.defaultDepartmentId();
    greeting = site.greeting();
    origins = OriginLines.format(site.allowedOrigins());
    identityRequired = site.identityRequired();
    fill(site.widgetSettings());
    newSecret = null;
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  private void fill(WidgetSettings settings) {
    JsonObject widget = settings.toJson();
    title = widget.getString("title");
    offlineText = widget.getString("offlineText");
    primaryColour = widget.getJsonObject("colors").getString("primary");
    textColour = widget.getJsonObject("colors").getString("text");
    side = settings.side();
    bottomOffset = settings.bottomOffset();
    prechatEnabled = settings.prechatEnabled();
    prechatFields = PrechatLines.format(settings.fields());
    prechatDepartments = new ArrayList<>(settings.departmentIds());
    JsonObject proactive = widget.getJsonObject("proactive");
    proactiveEnabled = proactive.getBoolean("enabled");
    proactiveText = proactive.getString("text");
    proactiveAfterSeconds = proactive.getInt("afterSeconds");
    proactivePages =
        String.join(
            "\n", proactive.getJsonArray("pages").getValuesAs(jakarta.json.JsonString::getString));
    texts = emptyTexts();
    for (String language : WidgetSettings.LANGUAGES) {
      texts.put(language, LanguageTexts.of(settings.textsIn(language)));
    }
  }

  /**
   * Saves the dialog, audited as this admin's change. On success the dialog closes (the callback
   * parameter {@code saved}) and the table shows the stored values; a change the business refuses
   * keeps the dialog open with the reason.
   */
  public void save() {
    Actor by = admin.actor();
    boolean creating = siteId == null;
    try {
      Sites.Settings settings =
          new Sites.Settings(
              name,
              defaultDepartmentId,
              greeting,
              OriginLines.parse(origins),
              identityRequired,
              widgetSettings());
      if (creating) {
        Site made = sites.create(by, settings);
        createdName = made.name();
        createdEmbedCode = EmbedCode.of(baseUrl(), made.siteKey());
        ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "sites.created", made.name());
      } else {
        Site saved = sites.change(by, siteId, settings);
        createdEmbedCode = null;
        ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "edit.saved", saved.name());
      }
      newSecret = null;
      rows = null;
      closeDialog();
    } catch (RuleViolation refused) {
      if ("conflict".equals(refused.code()) && "name".equals(refused.field())) {
        ConsoleMessages.at(EDIT_FORM + ":name", "sites.nameTaken");
      } else {
        ConsoleMessages.refused(refused, EDIT_FORM, COMPONENT_OF_FIELD);
      }
    } catch (NotFoundException gone) {
      rows = null;
      say(FacesMessage.SEVERITY_WARN, null, "sites.notFound");
      closeDialog();
    } catch (EJBException failed) {
      LOG.log(Level.WARNING, "saving site " + siteId + " failed", failed);
      say(FacesMessage.SEVERITY_ERROR, EDIT_FORM, "edit.failed");
      FacesContext.getCurrentInstance().validationFailed();
    }
  }

  /**
   * Deletes a site after the admin confirmed it: its widget is refused from now on, its history
   * kept. Refused while one of its conversations is open.
   */
  public void delete(String id) {
    try {
      Site site = sites.get(admin.tenantId(), id);
      sites.delete(admin.actor(), site.id());
      if (site.id().equals(siteId)) {
        siteId = null;
      }
      createdEmbedCode = null;
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "sites.deleted", site.name());
    } catch (NotFoundException gone) {
      say(FacesMessage.SEVERITY_WARN, null, "sites.notFound");
    } catch (RuleViolation refused) {
      ConsoleMessages.page(FacesMessage.SEVERITY_ERROR, "sites.deleteBusy");
    } catch (EJBException failed) {
      LOG.log(Level.WARNING, "deleting site " + id + " failed", failed);
      say(FacesMessage.SEVERITY_ERROR, null, "edit.failed");
    }
    rows = null;
  }

  /**
   * Checks the allowed origins as typed, line by line, and names the first line that holds no
   * origin: what the business would refuse, said before it is asked and where the admin can see
   * which line it is.
   */
  public void checkOrigins(FacesContext faces, UIComponent component, Object value) {
    OriginLines.firstBad((String) value, Site::isOrigin)
        .ifPresent(
            bad -> {
              throw new ValidatorException(
                  new FacesMessage(
                      FacesMessage.SEVERITY_ERROR,
                      ConsoleMessages.text("sites.originBad", bad.line(), bad.entry()),
                      null));
            });
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

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getDefaultDepartmentId() {
    return defaultDepartmentId;
  }

  /**
   * The menu always sends one of the tenant's departments; a post without it (a script that sends
   * only the fields it changes) keeps the department the dialog was opened with.
   */
  public void setDefaultDepartmentId(String defaultDepartmentId) {
    if (defaultDepartmentId != null && !defaultDepartmentId.isBlank()) {
      this.defaultDepartmentId = defaultDepartmentId;
    }
  }

  /** The texts per language, by language tag ({@code zh-CN}, {@code en}). */
  public Map<String, LanguageTexts> getTexts() {
    return texts;
  }

  public String getCreatedEmbedCode() {
    return createdEmbedCode;
  }

  public String getCreatedName() {
    return createdName;
  }

  public int getMaxName() {
    return Site.MAX_NAME;
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
            .add(
                "position",
                Jsonp.createObjectBuilder()
                    .add("side", nonNull(side))
                    .add(
                        "bottom",
                        bottomOffset == null ? WidgetSettings.DEFAULT_BOTTOM_OFFSET : bottomOffset))
            .add("texts", textsJson())
            .build());
  }

  private JsonObjectBuilder textsJson() {
    JsonObjectBuilder json = Jsonp.createObjectBuilder();
    for (String language : WidgetSettings.LANGUAGES) {
      LanguageTexts edited = texts.get(language);
      if (edited != null) {
        json.add(
            language,
            Jsonp.createObjectBuilder()
                .add("title", nonNull(edited.getTitle()))
                .add("greeting", nonNull(edited.getGreeting()))
                .add("offlineText", nonNull(edited.getOfflineText()))
                .add("proactiveText", nonNull(edited.getProactiveText())));
      }
    }
    return json;
  }

  private static Map<String, LanguageTexts> emptyTexts() {
    Map<String, LanguageTexts> empty = new LinkedHashMap<>();
    for (String language : WidgetSettings.LANGUAGES) {
      empty.put(language, new LanguageTexts());
    }
    return empty;
  }

  private static Map<String, String> componentOfField() {
    Map<String, String> components = new HashMap<>();
    components.put("defaultDepartmentId", "defaultDepartment");
    components.put("allowedOrigins", "origins");
    components.put("title", "widgetTitle");
    components.put("colors.primary", "primaryColour");
    components.put("colors.text", "textColour");
    components.put("position.side", "widgetSide");
    components.put("position.bottom", "widgetBottom");
    components.put("prechat.fields", "prechatFields");
    components.put("prechat.departmentIds", "prechatDepartments");
    components.put("proactive.text", "proactiveText");
    components.put("proactive.afterSeconds", "proactiveAfter");
    components.put("proactive.pages", "proactivePages");
    for (String language : WidgetSettings.LANGUAGES) {
      String prefix = LanguageTexts.idPrefix(language);
      components.put("texts." + language + ".title", prefix + "Title");
      components.put("texts." + language + ".greeting", prefix + "Greeting");
      components.put("texts." + language + ".offlineText", prefix + "Offline");
      components.put("texts." + language + ".proactiveText", prefix + "Proactive");
    }
    return Map.copyOf(components);
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

  public String getSide() {
    return side;
  }

  public void setSide(String side) {
    this.side = side;
  }

  public Integer getBottomOffset() {
    return bottomOffset;
  }

  public void setBottomOffset(Integer bottomOffset) {
    this.bottomOffset = bottomOffset;
  }

  public int getMaxBottomOffset() {
    return WidgetSettings.MAX_BOTTOM_OFFSET;
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
  private String baseUrl() {
    HttpServletRequest request =
        (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
    String host = request.getHeader("Host");
    if (host == null || host.isBlank()) {
      host = request.getServerName() + ":" + request.getServerPort();
    }
    return publicAddress.of(
        request.isSecure(),
        request.getHeader(ClientAddress.FORWARDED_PROTO),
        request.getRemoteAddr(),
        host,
        request.getContextPath());
  }
}
