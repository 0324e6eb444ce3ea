package dev.kefu.admin.control;

import dev.kefu.shared.RuleViolation;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.component.UIComponent;
import jakarta.faces.context.FacesContext;
import java.text.MessageFormat;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * What the console tells its user, always in the page's language: a page-wide note (saved, gone),
 * or a refusal at the field that caused it. Every page speaks through here, so that a refusal of
 * the business is shown beside its field wherever a form has that field, and never as the
 * business's English wording alone.
 *
 * <p>A refusal's text is the bundle's {@code rule.<code>.<field>}, else {@code rule.<code>}, else
 * {@code edit.refused}; each may quote the business's reason as <code>{0}</code>. Its place is the
 * form's component named by the refusal's field (through the page's map from request fields to
 * component ids where they differ), else the form as a whole.
 */
public final class ConsoleMessages {

  private ConsoleMessages() {}

  /** The console's text for a key, formatted with the page's locale when it has arguments. */
  public static String text(String key, Object... args) {
    FacesContext faces = FacesContext.getCurrentInstance();
    String text = bundle(faces).getString(key);
    return args.length == 0
        ? text
        : new MessageFormat(text, faces.getViewRoot().getLocale()).format(args);
  }

  /** Whether the console has a text for this key. */
  public static boolean has(String key) {
    return bundle(FacesContext.getCurrentInstance()).containsKey(key);
  }

  /** A note for the whole page (the layout's {@code messages}). */
  public static void page(FacesMessage.Severity severity, String key, Object... args) {
    FacesContext.getCurrentInstance()
        .addMessage(null, new FacesMessage(severity, text(key, args), null));
  }

  /**
   * A refusal at one component, by its client id ({@code editForm:name}); marks the request's
   * validation as failed, so that a dialog stays open ({@code args.validationFailed}).
   */
  public static void at(String clientId, String key, Object... args) {
    FacesContext faces = FacesContext.getCurrentInstance();
    faces.addMessage(
        clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text(key, args), null));
    faces.validationFailed();
  }

  /** A business refusal, at its field of the form where the form has it. */
  public static void refused(RuleViolation refused, String formId) {
    refused(refused, formId, Map.of());
  }

  /**
   * A business refusal, at its field of the form where the form has it; {@code componentOfField}
   * names the component of a request field whose id differs from the field's name.
   */
  public static void refused(
      RuleViolation refused, String formId, Map<String, String> componentOfField) {
    String field = refused.field();
    String key = "rule." + refused.code();
    if (field != null && has(key + "." + field)) {
      key = key + "." + field;
    }
    String text = text(has(key) ? key : "edit.refused", refused.getMessage());
    String clientId = formId;
    if (field != null) {
      String candidate = formId + ":" + componentOfField.getOrDefault(field, field);
      if (exists(candidate)) {
        clientId = candidate;
      }
    }
    FacesContext faces = FacesContext.getCurrentInstance();
    faces.addMessage(clientId, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    faces.validationFailed();
  }

  private static boolean exists(String clientId) {
    UIComponent found =
        FacesContext.getCurrentInstance().getViewRoot().findComponent(":" + clientId);
    return found != null;
  }

  private static ResourceBundle bundle(FacesContext faces) {
    return faces.getApplication().getResourceBundle(faces, "msg");
  }
}
