package dev.kefu.admin.control;

/**
 * The script tag a customer pastes into their pages to show the chat widget of one site. It names
 * the site by its public key only; the site's secret never appears in it.
 */
public final class EmbedCode {

  private EmbedCode() {}

  /**
   * The tag loading {@code widget.js} from {@code baseUrl} (scheme, host and context path of this
   * installation) for the site with this key.
   */
  public static String of(String baseUrl, String siteKey) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return "<script async src=\"" + base + "/widget.js\" data-site=\"" + siteKey + "\"></script>";
  }
}
