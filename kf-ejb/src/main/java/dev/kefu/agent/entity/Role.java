package dev.kefu.agent.entity;

/** The roles a member of staff may hold, as named in the identity provider. */
public final class Role {

  public static final String AGENT = "kf-agent";
  public static final String SUPERVISOR = "kf-supervisor";
  public static final String ADMIN = "kf-admin";

  private Role() {}
}
