package dev.kefu.admin.boundary;

import dev.kefu.admin.control.ConsoleMessages;
import dev.kefu.admin.control.CurrentAdmin;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.webhook.boundary.Webhooks;
import dev.kefu.webhook.entity.Webhook;
import dev.kefu.webhook.entity.WebhookDelivery;
import dev.kefu.webhook.entity.WebhookEvent;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import jakarta.faces.model.SelectItem;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.Serializable;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.primefaces.PrimeFaces;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The webhooks page: the tenant's receivers of events (at most {@link Webhooks#MAX_PER_TENANT}, so
 * listed whole), made and changed in a dialog, tried with a ping, given a new secret or removed
 * after a confirmation; and one webhook's delivery log, a page at a time from the database, newest
 * first, with the body of a delivery as sent and a way to send it again. A secret is shown once, in
 * the answer to the request that made it. Every change is one business call, audited by the
 * business; the webhook being edited and the one whose log is open are kept on the server.
 */
@Named
@ViewScoped
public class WebhooksPage implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(WebhooksPage.class.getName());

  static final String EDIT_FORM = "webhookForm";
  static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final JsonWriterFactory PRETTY =
      Jsonp.provider().createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

  /** The kinds of event an admin may choose, in the order the dialog lists them. */
  static final List<WebhookEvent> SUBSCRIBABLE =
      Arrays.stream(WebhookEvent.values()).filter(e -> e != WebhookEvent.PING).toList();

  @Inject CurrentAdmin admin;
  @Inject Webhooks webhooks;

  /** One webhook as the table shows it; {@code events} are wire names. */
  public record Row(String id, String url, List<String> events, boolean enabled, String description)
      implements Serializable {

    public String getId() {
      return id;
    }

    public String getUrl() {
      return url;
    }

    public List<String> getEvents() {
      return events;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public String getDescription() {
      return description;
    }
  }

  /** One delivery of the log as the table shows it; times in UTC. */
  public record DeliveryRow(
      String id,
      String event,
      String status,
      int attempts,
      Integer lastStatus,
      String lastError,
      String createdAt,
      String nextAttemptAt)
      implements Serializable {

    public String getId() {
      return id;
    }

    public String getEvent() {
      return event;
    }

    public String getStatus() {
      return status;
    }

    public int getAttempts() {
      return attempts;
    }

    public Integer getLastStatus() {
      return lastStatus;
    }

    public String getLastError() {
      return lastError;
    }

    public String getCreatedAt() {
      return createdAt;
    }

    public String getNextAttemptAt() {
      return nextAttemptAt;
    }
  }

  private List<Row> rows;
  private List<SelectItem> eventChoices;

  // The dialog.
  private String webhookId;
  private String url;
  private String description;
  private List<String> events = new ArrayList<>();
  private boolean enabled = true;

  /** A secret just made, rendered once and then forgotten; and the address it signs for. */
  private String newSecret;

  private String secretUrl;

  // The delivery log.
  private String logWebhookId;
  private String logUrl;
  private final LazyDataModel<DeliveryRow> deliveries = new Deliveries();

  // The delivery shown in the payload dialog.
  private String shownId;
  private String shownEvent;
  private String shownPayload;

  /** The tenant's webhooks, oldest first. */
  public List<Row> getRows() {
    if (rows == null) {
      rows = webhooks.list(admin.tenantId()).stream().map(WebhooksPage::row).toList();
    }
    return rows;
  }

  /**
   * The events the dialog offers: each labelled in the page's language, with its wire name beside
   * it (the label is escaped here, since the wire name is set in code).
   */
  public List<SelectItem> getEventChoices() {
    if (eventChoices == null) {
      List<SelectItem> choices = new ArrayList<>();
      for (WebhookEvent event : SUBSCRIBABLE) {
        String label =
            escape(ConsoleMessages.text("webhooks.event." + event.wire()))
                + " <code class=\"kf-wire\">"
                + event.wire()
                + "</code>";
        SelectItem item = new SelectItem(event.wire(), label);
        item.setEscape(false);
        choices.add(item);
      }
      eventChoices = choices;
    }
    return eventChoices;
  }

  /** Empties the dialog for a new webhook, with every event chosen and the webhook on. */
  public void create() {
    webhookId = null;
    url = null;
    description = null;
    events = new ArrayList<>(SUBSCRIBABLE.stream().map(WebhookEvent::wire).toList());
    enabled = true;
    PrimeFaces.current().ajax().addCallbackParam("editing", true);
  }

  /** Fills the dialog with the webhook as stored now. */
  public void edit(String id) {
    try {
      Webhook webhook = webhooks.get(admin.tenantId(), id);
      webhookId = webhook.id();
      url = webhook.url();
      description = webhook.description();
      events = new ArrayList<>(webhook.events().stream().map(WebhookEvent::wire).toList());
      enabled = webhook.enabled();
      PrimeFaces.current().ajax().addCallbackParam("editing", true);
    } catch (NotFoundException gone) {
      gone();
    }
  }

  /**
   * Saves the dialog in one business call; a new webhook's secret comes back to be shown once (the
   * callback parameter {@code secret}). A refusal keeps the dialog open with the reason at its
   * field.
   */
  public void save() {
    try {
      if (webhookId == null) {
        Webhook made = webhooks.create(admin.actor(), url, events, enabled, description);
        showSecret(made);
        ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "webhooks.created", made.url());
      } else {
        Webhook saved =
            webhooks.change(admin.actor(), webhookId, url, events, enabled, description);
        if (saved.id().equals(logWebhookId)) {
          logUrl = saved.url();
        }
        ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "webhooks.saved", saved.url());
      }
      rows = null;
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (RuleViolation refused) {
      refused(refused);
    } catch (NotFoundException gone) {
      gone();
      PrimeFaces.current().ajax().addCallbackParam("saved", true);
    } catch (EJBException failed) {
      LOG.log(Level.WARNING, "saving webhook " + webhookId + " failed", failed);
      ConsoleMessages.at(EDIT_FORM, "common.failed");
    }
  }

  /** Sends the webhook a ping now and opens its delivery log, where the ping shows. */
  public void ping(String id) {
    try {
      webhooks.ping(admin.actor(), id);
      Webhook webhook = webhooks.get(admin.tenantId(), id);
      openLog(webhook);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "webhooks.pinged", webhook.url());
    } catch (NotFoundException gone) {
      gone();
    }
  }

  /**
   * A new secret for the webhook, shown once (the callback parameter {@code secret}); the old one
   * signs nothing from now on.
   */
  public void renewSecret(String id) {
    try {
      Webhook webhook = webhooks.renewSecret(admin.actor(), id);
      showSecret(webhook);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "webhooks.secretRenewed", webhook.url());
    } catch (NotFoundException gone) {
      gone();
    }
  }

  /** Removes the webhook with its delivery log, after the admin confirmed it. */
  public void delete(String id) {
    try {
      String gone = webhooks.get(admin.tenantId(), id).url();
      webhooks.delete(admin.actor(), id);
      if (id.equals(logWebhookId)) {
        closeLog();
      }
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "webhooks.deleted", gone);
    } catch (NotFoundException gone) {
      gone();
    }
    rows = null;
  }

  /** Opens the delivery log of a webhook at its first (newest) page. */
  public void showLog(String id) {
    try {
      openLog(webhooks.get(admin.tenantId(), id));
    } catch (NotFoundException gone) {
      gone();
    }
  }

  /** Reads the open log again, where the admin is in it. */
  public void refreshLog() {
    if (logWebhookId == null) {
      return;
    }
    try {
      webhooks.get(admin.tenantId(), logWebhookId);
    } catch (NotFoundException gone) {
      closeLog();
      gone();
    }
  }

  public void closeLog() {
    logWebhookId = null;
    logUrl = null;
  }

  /** Shows one delivery's body as sent, pretty-printed (callback parameter {@code shown}). */
  public void showPayload(String deliveryId) {
    try {
      WebhookDelivery delivery = webhooks.delivery(admin.tenantId(), logWebhookId, deliveryId);
      shownId = delivery.id();
      shownEvent = delivery.eventType();
      shownPayload = pretty(delivery.payload());
      PrimeFaces.current().ajax().addCallbackParam("shown", true);
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "webhooks.deliveryGone");
    }
  }

  /** Sends a delivery again now, with a fresh count of attempts. */
  public void resend(String deliveryId) {
    try {
      WebhookDelivery delivery = webhooks.resend(admin.actor(), logWebhookId, deliveryId);
      ConsoleMessages.page(FacesMessage.SEVERITY_INFO, "webhooks.resent", delivery.id());
    } catch (NotFoundException gone) {
      ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "webhooks.deliveryGone");
    }
  }

  private void openLog(Webhook webhook) {
    logWebhookId = webhook.id();
    logUrl = webhook.url();
    UIComponent table =
        FacesContext.getCurrentInstance().getViewRoot().findComponent(":logForm:deliveriesTable");
    if (table instanceof DataTable data) {
      data.setFirst(0);
    }
  }

  private void showSecret(Webhook webhook) {
    newSecret = webhook.secret();
    secretUrl = webhook.url();
    PrimeFaces.current().ajax().addCallbackParam("secret", true);
  }

  /** A refusal of the business at its field, in the page's language. */
  private void refused(RuleViolation refused) {
    String key = "webhooks.rule." + refused.code();
    if (!ConsoleMessages.has(key)) {
      ConsoleMessages.refused(refused, EDIT_FORM);
    } else if ("too_many_webhooks".equals(refused.code())) {
      // Blamed on the address by the business, but no address would do: said above the form.
      ConsoleMessages.at(EDIT_FORM, key, Webhooks.MAX_PER_TENANT);
    } else if ("text_too_long".equals(refused.code())) {
      ConsoleMessages.at(EDIT_FORM + ":" + refused.field(), key, Webhook.MAX_DESCRIPTION);
    } else {
      ConsoleMessages.at(
          refused.field() == null ? EDIT_FORM : EDIT_FORM + ":" + refused.field(), key);
    }
  }

  private void gone() {
    rows = null;
    ConsoleMessages.page(FacesMessage.SEVERITY_WARN, "webhooks.notFound");
  }

  static Row row(Webhook webhook) {
    return new Row(
        webhook.id(),
        webhook.url(),
        webhook.events().stream().map(WebhookEvent::wire).toList(),
        webhook.enabled(),
        webhook.description());
  }

  static DeliveryRow row(WebhookDelivery d) {
    boolean pending = d.status() == WebhookDelivery.Status.PENDING;
    return new DeliveryRow(
        d.id(),
        d.eventType(),
        d.status().name().toLowerCase(java.util.Locale.ROOT),
        d.attempts(),
        d.lastStatus().orElse(null),
        d.lastError().orElse(null),
        shown(d.createdAt()),
        pending ? shown(d.nextAttemptAt()) : null);
  }

  static String shown(Instant at) {
    return at == null ? null : SHOWN.format(at);
  }

  /** The body pretty-printed; as it is when it is no JSON. */
  static String pretty(String payload) {
    try (JsonReader reader = Jsonp.createReader(payload)) {
      StringWriter text = new StringWriter();
      try (JsonWriter writer = PRETTY.createWriter(text)) {
        writer.write(reader.readValue());
      }
      return text.toString().strip();
    } catch (JsonException notJson) {
      return payload;
    }
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** The open log's rows: counted and paged by the database, newest first. */
  private final class Deliveries extends LazyDataModel<DeliveryRow> {

    private static final long serialVersionUID = 1L;

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
      if (logWebhookId == null) {
        return 0;
      }
      try {
        return (int)
            Math.min(
                Integer.MAX_VALUE,
                webhooks.deliveries(admin.tenantId(), logWebhookId, 0, 1).total());
      } catch (NotFoundException gone) {
        return 0;
      }
    }

    @Override
    public List<DeliveryRow> load(
        int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
      if (logWebhookId == null) {
        return List.of();
      }
      try {
        return webhooks
            .deliveries(admin.tenantId(), logWebhookId, first, pageSize)
            .deliveries()
            .stream()
            .map(WebhooksPage::row)
            .toList();
      } catch (NotFoundException gone) {
        return List.of();
      }
    }

    @Override
    public String getRowKey(DeliveryRow row) {
      return row.id();
    }

    @Override
    public DeliveryRow getRowData(String rowKey) {
      return getWrappedData() == null
          ? null
          : getWrappedData().stream().filter(r -> r.id().equals(rowKey)).findFirst().orElse(null);
    }
  }

  public LazyDataModel<DeliveryRow> getDeliveries() {
    return deliveries;
  }

  public boolean isCreating() {
    return webhookId == null;
  }

  /** The secret made in this request, then forgotten: a later render cannot show it again. */
  public String getNewSecret() {
    String shown = newSecret;
    newSecret = null;
    return shown;
  }

  public boolean isSecretShown() {
    return newSecret != null;
  }

  public String getSecretUrl() {
    return secretUrl;
  }

  public boolean isLogOpen() {
    return logWebhookId != null;
  }

  public String getLogUrl() {
    return logUrl;
  }

  public String getShownId() {
    return shownId;
  }

  public String getShownEvent() {
    return shownEvent;
  }

  public String getShownPayload() {
    return shownPayload;
  }

  public int getMaxUrl() {
    return Webhook.MAX_URL;
  }

  public int getMaxDescription() {
    return Webhook.MAX_DESCRIPTION;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public List<String> getEvents() {
    return events;
  }

  public void setEvents(List<String> events) {
    this.events = events == null ? new ArrayList<>() : new ArrayList<>(events);
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
