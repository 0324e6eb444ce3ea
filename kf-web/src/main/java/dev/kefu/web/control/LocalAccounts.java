package dev.kefu.web.control;

import dev.kefu.agent.entity.Agent;
import dev.kefu.audit.entity.Source;
import dev.kefu.auth.boundary.SignIns;
import dev.kefu.shared.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Checks user names and passwords against Kefu's own accounts, through {@link SignIns}, which
 * throttles and audits every attempt. The caller's name is the agent's id; their groups are the
 * agent's roles.
 */
@ApplicationScoped
public class LocalAccounts implements IdentityStore {

  /** A request attribute: the sign-in failed because the account is disabled. */
  public static final String DISABLED = "dev.kefu.signin.disabled";

  @Inject SignIns signIns;
  @Inject HttpServletRequest request;

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential login)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    Source source = Source.LOCAL;
    String address = null;
    if (login instanceof SignInCredential attempt) {
      source = attempt.source();
      address = attempt.clientAddress();
    }
    Optional<Agent> agent;
    try {
      agent =
          signIns.withPassword(login.getCaller(), login.getPassword().getValue(), source, address);
    } catch (RuleViolation refused) {
      if (!SignIns.ACCOUNT_DISABLED.equals(refused.code())) {
        throw refused;
      }
      // The sign-in resource tells the person why; the container only learns "invalid".
      request.setAttribute(DISABLED, Boolean.TRUE);
      return CredentialValidationResult.INVALID_RESULT;
    }
    if (agent.isEmpty()) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    return new CredentialValidationResult(agent.get().id(), agent.get().roles());
  }
}
