package dev.kefu.admin.boundary;

import dev.kefu.admin.control.EmbedCode;
import dev.kefu.tenant.entity.Site;
import java.io.Serializable;
import java.util.List;

/**
 * One line of the sites table: what an admin sees of a site. It is built from the site's public
 * parts only, so the site's secret cannot reach a page through it.
 */
public class SiteRow implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String id;
  private final String name;
  private final String siteKey;
  private final String greeting;
  private final List<String> origins;
  private final String embedCode;
  private final boolean identityRequired;

  private SiteRow(
      String id,
      String name,
      String siteKey,
      String greeting,
      List<String> origins,
      String embedCode,
      boolean identityRequired) {
    this.id = id;
    this.name = name;
    this.siteKey = siteKey;
    this.greeting = greeting;
    this.origins = List.copyOf(origins);
    this.embedCode = embedCode;
    this.identityRequired = identityRequired;
  }

  static SiteRow of(Site site, String baseUrl) {
    return new SiteRow(
        site.id(),
        site.name(),
        site.siteKey(),
        site.greeting(),
        site.allowedOrigins(),
        EmbedCode.of(baseUrl, site.siteKey()),
        site.identityRequired());
  }

  public String getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getSiteKey() {
    return siteKey;
  }

  public String getGreeting() {
    return greeting;
  }

  public List<String> getOrigins() {
    return origins;
  }

  public String getEmbedCode() {
    return embedCode;
  }

  public boolean isIdentityRequired() {
    return identityRequired;
  }
}
