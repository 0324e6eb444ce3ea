package dev.kefu.visitor.boundary;

import dev.kefu.setup.boundary.DataKeys;
import dev.kefu.setup.boundary.InstallationSecrets;
import dev.kefu.setup.boundary.SealedTables;
import dev.kefu.shared.Clock;
import dev.kefu.shared.NotFoundException;
import dev.kefu.tenant.boundary.TenantFilter;
import dev.kefu.tenant.entity.Site;
import dev.kefu.visitor.control.IdentityHash;
import dev.kefu.visitor.control.VisitorTokens;
import dev.kefu.visitor.entity.PageView;
import dev.kefu.visitor.entity.Visitor;
import dev.kefu.visitor.entity.VisitorContext;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Visitors arriving on a site's pages, coming back with their token, and moving between pages. */
@Stateless
public class Visitors {

  // Refused tokens and identities are audited, throttled (Refusals); one log line each would let a
  // flood of reconnects fill the server log, so they are logged at FINE only.
  private static final Logger LOG = Logger.getLogger(Visitors.class.getName());

  @PersistenceContext private EntityManager em;
  @Inject private InstallationSecrets secrets;
  @Inject private Event<PageViewed> pageViewed;
  @Inject private Clock clock;
  @Inject private DataKeys keys;

  @Inject
  @ConfigProperty(name = "kf.visitor.token-days", defaultValue = "365")
  private int tokenDays;

  @Inject
  @ConfigProperty(name = "kf.visitor.identity-window-seconds", defaultValue = "86400")
  private long identityWindowSeconds;

  /**
   * The visitor of this site that a genuine, unexpired token names, for a visitor's HTTP request
   * (their files); empty for any other token.
   */
  public Optional<String> ofToken(Site site, String visitorToken) {
    VisitorTokens tokens = new VisitorTokens(secrets.key(InstallationSecrets.VISITOR_TOKEN_KEY));
    return tokens
        .visitorOf(visitorToken, site.id(), clock.now())
        .flatMap(this::find)
        .filter(v -> v.siteId().equals(site.id()))
        .map(Visitor::id);
  }

  /** A visitor's token and the site it is presented to, as {@link #preload} takes them. */
  public record Presented(String siteId, String visitorToken) {}

  /**
   * Loads the visitors that these genuine, unexpired tokens name, in one statement, for a group of
   * hellos greeted in one transaction: what {@link #ofToken} and {@link #arrive} then look up for
   * each of them is already loaded. A token that is not genuine loads nothing.
   */
  public void preload(Collection<Presented> presented) {
    Instant now = clock.now();
    VisitorTokens tokens = new VisitorTokens(secrets.key(InstallationSecrets.VISITOR_TOKEN_KEY));
    List<String> ids = new ArrayList<>(presented.size());
    for (Presented each : presented) {
      tokens.visitorOf(each.visitorToken(), each.siteId(), now).ifPresent(ids::add);
    }
    TenantFilter.preload(em, Visitor.class, ids);
  }

  /**
   * Recognises the visitor by a genuine token of this site, or makes a new anonymous one; takes a
   * vouched identity when its hash is right and fresh. On a site that requires identity
   * verification, a visitor without a right and fresh identity is turned away, whatever token it
   * brings: the token alone would let a copied token stand in for a signed-in customer.
   */
  public Arrival arrive(Site site, String visitorToken, Identity identity, VisitorContext context) {
    Instant now = clock.now();
    VisitorTokens tokens = new VisitorTokens(secrets.key(InstallationSecrets.VISITOR_TOKEN_KEY));
    Visitor visitor = null;
    boolean tokenRefused = false;
    if (visitorToken != null) {
      Optional<String> id = tokens.visitorOf(visitorToken, site.id(), now);
      visitor = id.flatMap(this::find).orElse(null);
      if (visitor == null || !visitor.siteId().equals(site.id())) {
        LOG.fine(() -> "visitor token refused for site " + site.id());
        visitor = null;
        tokenRefused = true;
      }
    }
    // A visitor made here is stored once it is complete: persisted before its arrival is noted,
    // it would be inserted and then updated.
    Visitor made = null;
    boolean identityRefused = false;
    boolean verified = false;
    if (identity != null) {
      verified =
          IdentityHash.verifies(
              site.secret(),
              identity.userId(),
              identity.ts(),
              identity.hash(),
              now,
              Duration.ofSeconds(identityWindowSeconds));
      if (!verified) {
        LOG.fine(() -> "visitor identity refused for site " + site.id());
        identityRefused = true;
      } else {
        if (visitor == null || !identity.userId().equals(visitor.externalUserId())) {
          visitor = identified(site, identity.userId()).orElse(null);
        }
        if (visitor == null) {
          visitor = made = new Visitor(site.tenantId(), site.id(), now);
        }
        visitor.identify(identity.userId(), identity.name(), identity.email(), keys.cipher());
      }
    }
    if (site.identityRequired() && !verified) {
      LOG.fine(() -> "visitor without a verified identity turned away from site " + site.id());
      return Arrival.turnedAway(tokenRefused, identityRefused);
    }
    if (visitor == null) {
      visitor = made = new Visitor(site.tenantId(), site.id(), now);
    }
    String pageBefore = visitor.pageUrl();
    visitor.arrive(context, now);
    if (made != null) {
      em.persist(made);
    }
    recordPage(visitor, pageBefore, now);
    String token = tokens.issue(site.id(), visitor.id(), now.plus(Duration.ofDays(tokenDays)));
    return new Arrival(visitor, token, tokenRefused, identityRefused, false, made != null);
  }

  /**
   * Notes that a member of staff invited the visitor to chat, so that the conversation the visitor
   * opens in answer goes to them ({@link Visitor#invitationAt}); the visitor of another tenant, or
   * none, answers as one that does not exist.
   */
  public Visitor invite(String tenantId, String visitorId, String agentId) {
    Visitor visitor = visitorId == null ? null : find(visitorId).orElse(null);
    if (visitor == null || !visitor.tenantId().equals(tenantId)) {
      throw new NotFoundException("no such visitor");
    }
    visitor.invitedBy(agentId, clock.now());
    return visitor;
  }

  /** The visitor's last socket has closed; their open conversation waits for them a while. */
  public void lostConnection(String visitorId) {
    Visitor visitor = find(visitorId).orElse(null);
    if (visitor != null) {
      visitor.lostConnection(clock.now());
    }
  }

  /**
   * Notes the page the visitor is on, adds it to their page trail, and announces it ({@link
   * PageViewed}) so that the agent of their open conversation is told.
   */
  public void viewPage(String visitorId, String url, String title) {
    Visitor visitor = find(visitorId).orElse(null);
    if (visitor == null) {
      return;
    }
    String pageBefore = visitor.pageUrl();
    visitor.viewPage(url, title, clock.now());
    recordPage(visitor, pageBefore, clock.now());
    pageViewed.fire(new PageViewed(visitorId, visitor.pageUrl(), visitor.pageTitle()));
  }

  /**
   * Adds the visitor's current page to their trail, unless it is the page they were on already: a
   * socket that reconnects on the same page is not a new page view.
   */
  private void recordPage(Visitor visitor, String pageBefore, Instant now) {
    if (visitor.pageUrl() != null && !visitor.pageUrl().equals(pageBefore)) {
      em.persist(new PageView(visitor, now));
    }
  }

  /**
   * The visitor with this id, of the scope's tenant: loaded without the tenant filter, so that
   * Hibernate builds the load once rather than on each of a hello's, a message's or a close's
   * ({@link TenantFilter}), and checked against the tenant after.
   */
  private Optional<Visitor> find(String visitorId) {
    return TenantFilter.find(em, Visitor.class, visitorId, Visitor::tenantId);
  }

  private Optional<Visitor> identified(Site site, String userId) {
    return em.createQuery(
            "select v from Visitor v where v.siteId = :s and v.externalUserIndex in :u"
                + " order by v.createdAt",
            Visitor.class)
        .setParameter("s", site.id())
        // Under every key of the ring: during a rotation, rows not re-encrypted yet still count.
        .setParameter("u", keys.cipher().indexes(Visitor.userKey(userId)))
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /**
   * The encrypted columns of visitors, with the hashes of the site's user id, the name and the
   * e-mail address, for their re-encryption under a new key.
   */
  public void sealedColumns(@Observes SealedTables tables) {
    tables.add(
        "visitor",
        SealedTables.Column.indexed("external_user_id", "external_user_index", Visitor::userKey),
        SealedTables.Column.indexed("name", "name_index", Visitor::nameKey),
        SealedTables.Column.indexed("email", "email_index", Visitor::emailKey));
  }
}
