package dev.kefu.auth.boundary;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Agent;
import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.audit.entity.ActorType;
import dev.kefu.audit.entity.Source;
import dev.kefu.auth.control.QuietApiSignIns;
import dev.kefu.auth.control.SignInThrottle;
import dev.kefu.auth.entity.SignInGuard;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.RuleViolation;
import dev.kefu.shared.Text;
import dev.kefu.tenant.boundary.Tenants;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Signing in with a local account's user name and password: throttled per user name, and every
 * attempt audited with the user name as typed, the client's address and the way in.
 *
 * <p>After {@code kf.signin.max-failures} failures in a row a user name is locked, for a time that
 * doubles with each further failure. While it is locked every attempt is refused, even with the
 * right password, with the same answer and in about the same time as a wrong password, so a caller
 * learns neither that the lock exists nor whether a guess was right. A successful sign-in clears
 * the count.
 *
 * <p>Runs outside any transaction: the count, the check of the password and the audit entry are
 * separate transactions, so the count is committed before the slow password check and a failed
 * attempt is audited although the sign-in fails. Log lines never name the user: people type
 * passwords into the user name field.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SignIns {

  private static final Logger LOG = Logger.getLogger(SignIns.class.getName());

  @Inject private Agents agents;
  @Inject private SignInThrottle throttle;
  @Inject private AuditLog auditLog;
  @Inject private QuietApiSignIns quietApi;
  @Inject private Clock clock;
  @Inject private Tenants tenants;

  /** The code of the refusal of a disabled account's sign-in with its right password. */
  public static final String ACCOUNT_DISABLED = "account_disabled";

  /**
   * The agent whose local account has this user name and password, if both are right and the user
   * name is not locked. The right password of an account an admin has disabled is refused with
   * {@link RuleViolation} {@value #ACCOUNT_DISABLED}, so that its holder learns why.
   *
   * @param ip the client's address as far as the installation can tell
   */
  public Optional<Agent> withPassword(String userName, char[] password, Source source, String ip) {
    String asTyped = asTyped(userName);
    String key = SignInThrottle.key(userName);
    SignInThrottle.Attempt attempt = reserve(key);
    // Checked even while locked, so that a locked user name answers in the same time as any other.
    Optional<Agent> agent = agents.authenticate(userName, password);
    if (attempt.refused()) {
      Optional<Agent> account = agent.or(() -> agents.withUserName(asTyped));
      record(
          Action.SIGNIN_LOCKED,
          ActorType.ANONYMOUS,
          account,
          asTyped,
          source,
          ip,
          Jsonp.createObjectBuilder().add("failures", attempt.failures()));
      LOG.info(
          () ->
              "sign-in refused because the user name is locked after repeated failures ("
                  + source.wire()
                  + " from "
                  + ip
                  + ")");
      return Optional.empty();
    }
    if (agent.isPresent() && tenants.isSuspended(agent.get().tenantId())) {
      // The password was right: no failure counts towards a lock, but nobody of a suspended
      // tenant signs in. The caller hears what a wrong password hears.
      throttle.succeeded(key);
      record(
          Action.SIGNIN_FAILURE,
          ActorType.ANONYMOUS,
          agent,
          asTyped,
          source,
          ip,
          Jsonp.createObjectBuilder().add("reason", "tenant_suspended"));
      LOG.info(() -> "sign-in refused: the tenant is suspended (" + source.wire() + ")");
      return Optional.empty();
    }
    if (agent.isPresent() && agent.get().disabled()) {
      // The right password of a disabled account: told so, since only its holder knows it.
      throttle.succeeded(key);
      record(
          Action.SIGNIN_FAILURE,
          ActorType.ANONYMOUS,
          agent,
          asTyped,
          source,
          ip,
          Jsonp.createObjectBuilder().add("reason", "account_disabled"));
      LOG.info(
          () -> "sign-in of a disabled account refused (" + source.wire() + " from " + ip + ")");
      throw new RuleViolation(ACCOUNT_DISABLED, "this account is disabled", "username");
    }
    if (agent.isPresent()) {
      throttle.succeeded(key);
      if (source != Source.API || quietApi.audit(agent.get().id(), clock.now())) {
        record(Action.SIGNIN_SUCCESS, ActorType.AGENT, agent, asTyped, source, ip, null);
        LOG.info(
            () ->
                "sign-in of agent "
                    + agent.get().id()
                    + " ("
                    + source.wire()
                    + " from "
                    + ip
                    + ")");
      }
      return agent;
    }
    Optional<Agent> account = agents.withUserName(asTyped);
    account.ifPresent(a -> quietApi.forget(a.id()));
    JsonObjectBuilder detail = Jsonp.createObjectBuilder().add("failures", attempt.failures());
    attempt.lockIfWrong().ifPresent(lock -> detail.add("lockedSeconds", lock.getSeconds()));
    record(Action.SIGNIN_FAILURE, ActorType.ANONYMOUS, account, asTyped, source, ip, detail);
    if (attempt.lockIfWrong().isPresent()) {
      LOG.warning(
          () ->
              "a user name is locked for "
                  + attempt.lockIfWrong().get().getSeconds()
                  + " s after "
                  + attempt.failures()
                  + " failed sign-ins in a row ("
                  + source.wire()
                  + " from "
                  + ip
                  + ")");
    } else {
      LOG.info(() -> "sign-in failed (" + source.wire() + " from " + ip + ")");
    }
    return Optional.empty();
  }

  private SignInThrottle.Attempt reserve(String key) {
    try {
      return throttle.reserve(key);
    } catch (EJBException firstTry) {
      // Two first attempts for a new user name at the same moment may collide in the database
      // (a deadlock on MariaDB); the second try finds the row in place.
      return throttle.reserve(key);
    }
  }

  private void record(
      String action,
      ActorType type,
      Optional<Agent> account,
      String asTyped,
      Source source,
      String ip,
      JsonObjectBuilder detail) {
    String tenantId = account.map(Agent::tenantId).orElse(null);
    JsonObject json = detail == null ? null : detail.build();
    auditLog.recordApart(
        new Actor(tenantId, asTyped, type, ip, source),
        action,
        account.isPresent() ? "agent" : null,
        account.map(Agent::id).orElse(null),
        json);
  }

  /** The user name as the audit log keeps it: trimmed, at most 100 characters. */
  static String asTyped(String userName) {
    return Text.clip(userName == null ? "" : userName.trim(), SignInGuard.MAX_USER_NAME);
  }
}
