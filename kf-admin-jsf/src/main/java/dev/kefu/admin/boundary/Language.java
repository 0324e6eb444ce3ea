package dev.kefu.admin.boundary;

import jakarta.enterprise.context.SessionScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Iterator;
import java.util.Locale;

/**
 * The language the console speaks to the signed-in user: English or Simplified Chinese. It starts
 * as the browser's preference and then follows the switch in the top bar for the rest of the
 * session.
 */
@Named
@SessionScoped
public class Language implements Serializable {

  private static final long serialVersionUID = 1L;

  static final Locale ENGLISH = Locale.ENGLISH;
  static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

  private Locale locale;

  public Locale getLocale() {
    if (locale == null) {
      locale =
          preferred(FacesContext.getCurrentInstance().getExternalContext().getRequestLocales());
    }
    return locale;
  }

  /** The BCP 47 tag for the page's {@code lang} attribute. */
  public String getTag() {
    return getLocale().toLanguageTag();
  }

  public boolean isChinese() {
    return CHINESE.equals(getLocale());
  }

  public String useEnglish() {
    locale = ENGLISH;
    return reloadCurrentPage();
  }

  public String useChinese() {
    locale = CHINESE;
    return reloadCurrentPage();
  }

  /**
   * The first of the browser's languages (most preferred first) that the console speaks, English
   * when none is. Any Chinese maps to Simplified Chinese, the only Chinese the console has, which
   * serves a reader of Chinese better than English.
   */
  static Locale preferred(Iterator<Locale> requested) {
    while (requested != null && requested.hasNext()) {
      Locale candidate = requested.next();
      if (candidate == null) {
        continue;
      }
      switch (candidate.getLanguage()) {
        case "zh":
          return CHINESE;
        case "en":
          return ENGLISH;
        default:
          // Not spoken here; try the browser's next choice.
      }
    }
    return ENGLISH;
  }

  private static String reloadCurrentPage() {
    // A redirect, so that the new language shows and a reload does not post the switch again.
    return FacesContext.getCurrentInstance().getViewRoot().getViewId() + "?faces-redirect=true";
  }
}
