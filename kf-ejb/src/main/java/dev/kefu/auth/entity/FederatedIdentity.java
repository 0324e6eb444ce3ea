package dev.kefu.auth.entity;

import java.util.Set;

/**
 * A member of staff as a verified token of the identity provider describes them.
 *
 * @param issuer the provider that vouches for the person ({@code iss})
 * @param subject the provider's stable id of the person ({@code sub}); with the issuer, what names
 *     their Kefu account
 * @param userName the user name shown to admins ({@code preferred_username})
 * @param displayName the full name, if the token has one
 * @param tenant the value of the tenant claim, or null where the installation has one tenant
 * @param roles Kefu's roles among the token's roles
 */
public record FederatedIdentity(
    String issuer,
    String subject,
    String userName,
    String displayName,
    String tenant,
    Set<String> roles) {

  public FederatedIdentity {
    roles = Set.copyOf(roles);
  }
}
