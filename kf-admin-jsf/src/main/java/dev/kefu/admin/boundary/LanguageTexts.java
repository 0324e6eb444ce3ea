package dev.kefu.admin.boundary;

import dev.kefu.tenant.entity.WidgetSettings;
import java.io.Serializable;
import java.util.Locale;

/**
 * The widget's texts in one language as the sites dialog edits them (title, greeting, text when
 * nobody is online, proactive greeting); an empty one means the site's default text.
 */
public class LanguageTexts implements Serializable {

  private static final long serialVersionUID = 1L;

  private String title;
  private String greeting;
  private String offlineText;
  private String proactiveText;

  static LanguageTexts of(WidgetSettings.Texts texts) {
    LanguageTexts edited = new LanguageTexts();
    edited.title = texts.title();
    edited.greeting = texts.greeting();
    edited.offlineText = texts.offlineText();
    edited.proactiveText = texts.proactiveText();
    return edited;
  }

  /** The start of the dialog's component ids for this language: {@code zh}, {@code en}. */
  static String idPrefix(String language) {
    return language.substring(0, 2).toLowerCase(Locale.ROOT);
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public String getGreeting() {
    return greeting;
  }

  public void setGreeting(String greeting) {
    this.greeting = greeting;
  }

  public String getOfflineText() {
    return offlineText;
  }

  public void setOfflineText(String offlineText) {
    this.offlineText = offlineText;
  }

  public String getProactiveText() {
    return proactiveText;
  }

  public void setProactiveText(String proactiveText) {
    this.proactiveText = proactiveText;
  }
}
