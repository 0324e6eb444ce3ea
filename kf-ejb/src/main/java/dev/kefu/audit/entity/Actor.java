package dev.kefu.audit.entity;

/**
 * Who does something and from where, as the audit log records it.
 *
 * @param tenantId the tenant the actor belongs to; {@code null} when none is known, such as for a
 *     sign-in with a user name that names no account
 * @param name an agent's id, or for a sign-in attempt the user name as typed; never a password
 * @param type what kind of actor this is
 * @param ip the client's address, past the reverse proxies the installation trusts; {@code null}
 *     for Kefu's own jobs
 * @param source the way in
 */
public record Actor(String tenantId, String name, ActorType type, String ip, Source source) {

  public Actor {
    if (name == null || type == null || source == null) {
      throw new IllegalArgumentException("an actor needs a name, a type and a source");
    }
  }

  /** A signed-in member of staff. */
  public static Actor agent(String tenantId, String agentId, String ip, Source source) {
    return new Actor(tenantId, agentId, ActorType.AGENT, ip, source);
  }

  /** Kefu itself, for work nobody asked for at that moment. */
  public static Actor system() {
    return new Actor(null, "kefu", ActorType.SYSTEM, null, Source.SYSTEM);
  }
}
