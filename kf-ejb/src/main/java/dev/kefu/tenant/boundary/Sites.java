package dev.kefu.tenant.boundary;

import dev.kefu.shared.NotFoundException;
import dev.kefu.tenant.entity.Site;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** The sites of a tenant: found by their public key, listed and edited by admins. */
@Stateless
public class Sites {

  @PersistenceContext private EntityManager em;

  /** The enabled site with this public key, if any. */
  public Optional<Site> enabledByKey(String siteKey) {
    if (siteKey == null || siteKey.isBlank() || siteKey.length() > 64) {
      return Optional.empty();
    }
    return em.createQuery("select s from Site s where s.siteKey = :key", Site.class)
        .setParameter("key", siteKey)
        .getResultStream()
        .filter(Site::enabled)
        .findFirst();
  }

  /** The site with this id, if it exists and is enabled. */
  public Optional<Site> enabledById(String siteId) {
    if (siteId == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(em.find(Site.class, siteId)).filter(Site::enabled);
  }

  /** The site the built-in demo page shows: the oldest enabled one. */
  public Optional<Site> demoSite() {
    return em.createQuery(
            "select s from Site s where s.enabled = true order by s.createdAt", Site.class)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  public List<Site> of(String tenantId) {
    return em.createQuery("select s from Site s where s.tenantId = :t order by s.name", Site.class)
        .setParameter("t", tenantId)
        .getResultList();
  }

  public Site get(String tenantId, String siteId) {
    Site site = em.find(Site.class, siteId);
    if (site == null || !site.tenantId().equals(tenantId)) {
      throw new NotFoundException("no such site");
    }
    return site;
  }

  /** Changes what visitors are greeted with and which origins may embed the widget. */
  public Site updateWidget(String tenantId, String siteId, String greeting, List<String> origins) {
    Site site = get(tenantId, siteId);
    site.changeGreeting(greeting);
    site.allowOrigins(origins);
    return site;
  }
}
