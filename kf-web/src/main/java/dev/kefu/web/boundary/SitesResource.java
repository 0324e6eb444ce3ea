package dev.kefu.web.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.entity.Site;
import dev.kefu.web.control.Caller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The tenant's sites, as admins and integrations see them. The site secret is never included. */
@Path("sites")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SitesResource {

  /** A site without its secret. */
  public record SiteJson(
      String id, String siteKey, String name, String greeting, List<String> allowedOrigins) {
    static SiteJson of(Site site) {
      return new SiteJson(
          site.id(), site.siteKey(), site.name(), site.greeting(), site.allowedOrigins());
    }
  }

  @Inject Caller caller;
  @Inject Sites sites;

  @GET
  public List<SiteJson> list() {
    Agent admin = caller.require(Role.ADMIN);
    return sites.of(admin.tenantId()).stream().map(SiteJson::of).toList();
  }
}
