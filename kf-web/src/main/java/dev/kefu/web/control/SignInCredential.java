package dev.kefu.web.control;

import dev.kefu.audit.entity.Source;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;

/**
 * A user name and password together with what the audit log records of the attempt: the way in and
 * the client's address. Built by {@link KefuAuthentication}, read by {@link LocalAccounts}.
 */
public class SignInCredential extends UsernamePasswordCredential {

  private final Source source;
  private final String clientAddress;

  public SignInCredential(UsernamePasswordCredential login, Source source, String clientAddress) {
    super(login.getCaller(), login.getPassword());
    this.source = source;
    this.clientAddress = clientAddress;
  }

  public Source source() {
    return source;
  }

  public String clientAddress() {
    return clientAddress;
  }
}
