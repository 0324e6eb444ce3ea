package dev.kefu.web.control;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Agent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Checks user names and passwords against Kefu's own accounts. The caller's name is the agent's id;
 * their groups are the agent's roles.
 */
@ApplicationScoped
public class LocalAccounts implements IdentityStore {

  private static final Logger LOG = Logger.getLogger(LocalAccounts.class.getName());

  @Inject Agents agents;

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential login)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    Optional<Agent> agent = agents.authenticate(login.getCaller(), login.getPassword().getValue());
    if (agent.isEmpty()) {
      LOG.info("sign-in failed for a local account");
      return CredentialValidationResult.INVALID_RESULT;
    }
    LOG.info(() -> "sign-in of agent " + agent.get().id());
    return new CredentialValidationResult(agent.get().id(), agent.get().roles());
  }
}
