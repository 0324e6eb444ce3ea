package dev.kefu.web.control;

import dev.kefu.agent.entity.Agent;
import dev.kefu.audit.entity.Source;
import dev.kefu.auth.boundary.SignIns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Optional;

/**
 * Checks user names and passwords against Kefu's own accounts, through {@link SignIns}, which
 * throttles and audits every attempt. The caller's name is the agent's id; their groups are the
 * agent's roles.
 */
@ApplicationScoped
public class LocalAccounts implements IdentityStore {

  @Inject SignIns signIns;

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
    Optional<Agent> agent =
        signIns.withPassword(login.getCaller(), login.getPassword().getValue(), source, address);
    if (agent.isEmpty()) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    return new CredentialValidationResult(agent.get().id(), agent.get().roles());
  }
}
