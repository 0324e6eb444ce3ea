package dev.kefu.auth.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.agent.entity.Agent;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.audit.entity.ActorType;
import dev.kefu.audit.entity.Source;
import dev.kefu.auth.entity.FederatedIdentity;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.entity.Department;
import dev.kefu.tenant.entity.Tenant;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sign-ins of staff whom the corporate identity provider (Keycloak) has already authenticated. Kefu
 * keeps an account for each such person, made at their first sign-in: it carries their
 * conversations and status. The account is named by the provider and the provider's stable id of
 * the person (the token's {@code iss} and {@code sub}), never by the user name: a renamed person
 * keeps their account, a new person who takes an old name gets a new one, and a provider's user
 * named like a local account (the first {@code admin}) does not get into it. Their user name, roles
 * and name come from the provider at every sign-in, so taking a role away in Keycloak takes it away
 * in Kefu at the next sign-in. A local account is reached from the provider only when an admin
 * binds it to a provider identity ({@link #bind}).
 *
 * <p>The tenant comes from a token claim in multi-tenant mode; a single-tenant installation has
 * only one. A person new to Kefu joins every department of their tenant, so that they can answer
 * chats at once; admins narrow that down later.
 */
@Stateless
public class FederatedSignIns {

  private static final Logger LOG = Logger.getLogger(FederatedSignIns.class.getName());

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private Memberships memberships;

  @Inject
  @ConfigProperty(name = "kf.tenancy", defaultValue = "single")
  private String tenancy;

  /**
   * The account of this person, made or brought up to date, or empty when they cannot use Kefu: no
   * Kefu role, no tenant of that name, or an account an admin has disabled. Every outcome is
   * audited.
   *
   * @param ip the client's address as far as the installation can tell
   */
  public Optional<Agent> signIn(FederatedIdentity identity, Source source, String ip) {
    Optional<Tenant> tenant = tenantOf(identity.tenant());
    if (tenant.isEmpty()) {
      refused(identity.userName(), source, ip, "unknown_tenant");
      return Optional.empty();
    }
    if (tenant.get().suspended()) {
      refused(identity.userName(), source, ip, "tenant_suspended");
      return Optional.empty();
    }
    if (identity.roles().isEmpty()) {
      refused(identity.userName(), source, ip, "no_kefu_role");
      return Optional.empty();
    }
    if (blank(identity.issuer()) || blank(identity.subject())) {
      refused(identity.userName(), source, ip, "no_subject");
      return Optional.empty();
    }
    String tenantId = tenant.get().id();
    Optional<Agent> bound = boundTo(identity.issuer(), identity.subject());
    if (bound.isPresent() && !bound.get().tenantId().equals(tenantId)) {
      refused(identity.userName(), source, ip, "tenant_mismatch");
      return Optional.empty();
    }
    Agent agent = bound.or(() -> carriedOver(tenantId, identity, source, ip)).orElse(null);
    if (agent != null && agent.disabled()) {
      refused(identity.userName(), source, ip, "account_disabled");
      return Optional.empty();
    }
    if (agent == null) {
      Agent made =
          new Agent(
              tenantId,
              freeUserName(tenantId, identity, null),
              displayNameOf(identity),
              identity.roles(),
              clock.now());
      made.bindTo(identity.issuer(), identity.subject());
      em.persist(made);
      em.flush();
      joinAllDepartments(made);
      LOG.info(() -> "made account " + made.id() + " at its first sign-in (" + source.wire() + ")");
      agent = made;
    } else {
      if (!agent.username().equals(identity.userName())) {
        agent.rename(freeUserName(tenantId, identity, agent));
      }
      agent.takeFromIdentityProvider(identity.displayName(), identity.roles());
    }
    auditLog.recordApart(
        new Actor(tenantId, identity.userName(), ActorType.AGENT, ip, source),
        Action.SIGNIN_SUCCESS,
        "agent",
        agent.id(),
        Jsonp.createObjectBuilder().add("roles", String.join(",", identity.roles())).build());
    String id = agent.id();
    LOG.info(() -> "sign-in of agent " + id + " (" + source.wire() + " from " + ip + ")");
    return Optional.of(agent);
  }

  /**
   * Records a sign-in the provider or Kefu refused: an error sent back by the provider, a token
   * that did not verify, a person without a Kefu role.
   *
   * @param userName the user name if it is known, else null
   * @param reason a short code, never a token or a provider's message text
   */
  public void refused(String userName, Source source, String ip, String reason) {
    auditLog.recordApart(
        new Actor(null, userName == null ? "" : userName, ActorType.ANONYMOUS, ip, source),
        Action.SIGNIN_FAILURE,
        null,
        null,
        Jsonp.createObjectBuilder().add("reason", reason).build());
    LOG.info(() -> "sign-in refused: " + reason + " (" + source.wire() + " from " + ip + ")");
  }

  /**
   * Binds a local account of the admin's tenant to a person of the identity provider, so that they
   * sign in to it through the provider: the explicit way for an existing account to be reached from
   * the provider (a provider's user never lands in it by name). Audited with the identity before
   * and after.
   *
   * @param issuer the provider ({@code iss} of its tokens)
   * @param subject the provider's id of the person ({@code sub}; Keycloak shows it as the user's
   *     ID)
   */
  public Agent bind(Actor by, String agentId, String issuer, String subject) {
    Agent agent = staffOf(by, agentId);
    if (blank(issuer) || blank(subject) || issuer.length() > 255 || subject.length() > 255) {
      throw new RuleViolation(
          "bad_identity", "issuer and subject are required, each at most 255 characters");
    }
    Optional<Agent> holder = boundTo(issuer.strip(), subject.strip());
    if (holder.isPresent() && !holder.get().id().equals(agent.id())) {
      throw new RuleViolation("conflict", "this identity is bound to another account");
    }
    JsonObject before = identityJson(agent);
    agent.bindTo(issuer.strip(), subject.strip());
    auditLog.recordChange(
        by, Action.AGENT_IDENTITY_BOUND, "agent", agent.id(), before, identityJson(agent));
    return agent;
  }

  /** Unbinds an account from its provider identity; audited. */
  public Agent unbind(Actor by, String agentId) {
    Agent agent = staffOf(by, agentId);
    JsonObject before = identityJson(agent);
    agent.unbind();
    auditLog.recordChange(
        by, Action.AGENT_IDENTITY_UNBOUND, "agent", agent.id(), before, identityJson(agent));
    return agent;
  }

  private Agent staffOf(Actor by, String agentId) {
    Agent agent = agentId == null ? null : em.find(Agent.class, agentId);
    if (agent == null || !agent.tenantId().equals(by.tenantId())) {
      throw new NotFoundException("no such account");
    }
    return agent;
  }

  private static JsonObject identityJson(Agent agent) {
    JsonObjectBuilder json = Jsonp.createObjectBuilder();
    if (agent.idpSubject() == null) {
      json.addNull("issuer").addNull("subject");
    } else {
      json.add("issuer", agent.idpIssuer()).add("subject", agent.idpSubject());
    }
    return json.build();
  }

  private Optional<Agent> boundTo(String issuer, String subject) {
    return em.createQuery(
            "select a from Agent a where a.idpIssuer = :i and a.idpSubject = :s", Agent.class)
        .setParameter("i", issuer)
        .setParameter("s", subject)
        .getResultStream()
        .findFirst();
  }

  /**
   * An account the provider made before accounts were bound to subjects, under this user name:
   * bound to this subject now, once, and audited.
   */
  private Optional<Agent> carriedOver(
      String tenantId, FederatedIdentity identity, Source source, String ip) {
    Optional<Agent> unbound =
        em.createQuery(
                "select a from Agent a where a.tenantId = :t and a.username = :u"
                    + " and a.idpUnbound = true and a.idpSubject is null",
                Agent.class)
            .setParameter("t", tenantId)
            .setParameter("u", identity.userName())
            .getResultStream()
            .findFirst();
    unbound.ifPresent(
        agent -> {
          agent.bindTo(identity.issuer(), identity.subject());
          auditLog.record(
              new Actor(tenantId, identity.userName(), ActorType.AGENT, ip, source),
              Action.AGENT_IDENTITY_BOUND,
              "agent",
              agent.id(),
              Jsonp.createObjectBuilder()
                  .add("issuer", identity.issuer())
                  .add("subject", identity.subject())
                  .add("carriedOver", true)
                  .build());
          LOG.info(() -> "bound account " + agent.id() + " made before subjects to its subject");
        });
    return unbound;
  }

  /**
   * The user name a federated account shows: the provider's, when no other account of the tenant
   * holds it; else that name marked with a short digest of the person's identity, which stays the
   * same for them and differs for anyone else.
   */
  private String freeUserName(String tenantId, FederatedIdentity identity, Agent self) {
    String wanted = blank(identity.userName()) ? identity.subject() : identity.userName().strip();
    wanted = wanted.length() > 80 ? wanted.substring(0, 80) : wanted;
    if (isFree(tenantId, wanted, self)) {
      return wanted;
    }
    String marked = wanted + "~" + digest(identity.issuer() + " " + identity.subject());
    if (isFree(tenantId, marked, self)) {
      return marked;
    }
    return self != null ? self.username() : marked + "~" + PublicId.randomToken(6);
  }

  private boolean isFree(String tenantId, String userName, Agent self) {
    return em.createQuery(
                "select count(a) from Agent a where a.tenantId = :t and a.username = :u"
                    + " and a.id <> :self",
                Long.class)
            .setParameter("t", tenantId)
            .setParameter("u", userName)
            .setParameter("self", self == null ? "" : self.id())
            .getSingleResult()
        == 0;
  }

  private static String digest(String value) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private Optional<Tenant> tenantOf(String claim) {
    if ("multi".equalsIgnoreCase(tenancy)) {
      return claim == null || claim.isBlank()
          ? Optional.empty()
          : Optional.ofNullable(em.find(Tenant.class, claim.strip()));
    }
    return em.createQuery("select t from Tenant t order by t.createdAt", Tenant.class)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  private void joinAllDepartments(Agent agent) {
    for (Department department :
        em.createQuery("select d from Department d where d.tenantId = :t", Department.class)
            .setParameter("t", agent.tenantId())
            .getResultList()) {
      memberships.join(department.id(), agent.id());
    }
  }

  private static String displayNameOf(FederatedIdentity identity) {
    String name = identity.displayName();
    return name == null || name.isBlank() ? identity.userName() : name.strip();
  }
}
