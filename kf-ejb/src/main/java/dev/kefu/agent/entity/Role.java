package dev.kefu.agent.entity;

import java.util.Collection;
import java.util.List;

/**
 * The roles a member of staff may hold, as named in the identity provider. Each includes the one
 * below it: a supervisor is also an agent, an admin also a supervisor. So an account or a group
 * mapping needs only its highest role; {@link #covers} answers whether held roles grant a needed
 * one.
 */
public final class Role {

  public static final String AGENT = "kf-agent";
  public static final String SUPERVISOR = "kf-supervisor";
  public static final String ADMIN = "kf-admin";

  /** Manages the tenants of a multi-tenant installation; no tenant's data of its own. */
  public static final String PLATFORM = "kf-platform";

  private Role() {}

  /** The staff roles that grant {@code needed}, highest first; only itself for other roles. */
  public static List<String> grantedBy(String needed) {
    return switch (needed) {
      case AGENT -> List.of(ADMIN, SUPERVISOR, AGENT);
      case SUPERVISOR -> List.of(ADMIN, SUPERVISOR);
      default -> List.of(needed);
    };
  }

  /** Whether roles {@code held} grant the role {@code needed}. */
  public static boolean covers(Collection<String> held, String needed) {
    return grantedBy(needed).stream().anyMatch(held::contains);
  }
}
