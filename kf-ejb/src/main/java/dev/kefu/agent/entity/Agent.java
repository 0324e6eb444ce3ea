package dev.kefu.agent.entity;

import dev.kefu.shared.PublicId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hibernate.annotations.TenantId;

/**
 * A member of staff who answers conversations. Holds at most {@link #capacity()} assigned
 * conversations at once; only an available agent is given new ones: {@link AgentStatus#ONLINE}, or
 * in a {@link CustomStatus} that counts as available. Its skills decide which conversations that
 * need one it may take.
 */
@Entity
@Table(name = "agent")
public class Agent {

  public static final int DEFAULT_CAPACITY = 5;

  @Id private String id;

  @TenantId
  @Column(name = "tenant_id", nullable = false)
  private String tenantId;

  @Column(nullable = false)
  private String username;

  @Column(name = "display_name", nullable = false)
  private String displayName;

  private String email;

  /** PBKDF2 hash of a local account's password; null for accounts that sign in elsewhere. */
  @Column(name = "password_hash")
  private String passwordHash;

  /**
   * The identity provider that vouches for this person ({@code iss}) and its stable id of them
   * ({@code sub}): what names a federated account, never its user name. Null for an account not
   * bound to a provider.
   */
  @Column(name = "idp_issuer")
  private String idpIssuer;

  @Column(name = "idp_subject")
  private String idpSubject;

  /**
   * An account the provider made before accounts were bound to subjects: it is bound, once, to the
   * subject of its next sign-in under its user name.
   */
  @Column(name = "idp_unbound", nullable = false)
  private boolean idpUnbound;

  /** Comma-separated role names. */
  @Column(nullable = false)
  private String roles;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private AgentStatus status;

  @Column(nullable = false)
  private int capacity;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** When the last console connection closed; null while one is open (or never was). */
  @Column(name = "disconnected_at")
  private Instant disconnectedAt;

  /** The tenant's status the agent is in while {@link #status} is {@link AgentStatus#CUSTOM}. */
  @Column(name = "custom_status_id")
  private String customStatusId;

  /** Comma-separated lower-case skill tags. */
  @Column(nullable = false)
  private String skills = "";

  /**
   * When an admin disabled the account; null while it is enabled. A disabled account signs in
   * nowhere, and routing gives it nothing.
   */
  @Column(name = "disabled_at")
  private Instant disabledAt;

  /** Whether the person may take one of the tenant's own statuses ({@link CustomStatus}). */
  @Column(name = "custom_status_allowed", nullable = false)
  private boolean customStatusAllowed = true;

  protected Agent() {}

  public Agent(
      String tenantId, String username, String displayName, Set<String> roles, Instant now) {
    this.id = PublicId.next("a");
    this.tenantId = tenantId;
    this.username = username;
    this.displayName = displayName;
    this.roles = String.join(",", roles);
    this.status = AgentStatus.OFFLINE;
    this.capacity = DEFAULT_CAPACITY;
    this.createdAt = now;
  }

  public void changePasswordHash(String passwordHash) {
    this.passwordHash = passwordHash;
  }

  /**
   * Binds the account to a person of an identity provider: from now on, only they sign in to it.
   */
  public void bindTo(String issuer, String subject) {
    this.idpIssuer = issuer;
    this.idpSubject = subject;
    this.idpUnbound = false;
  }

  /** Unbinds the account from its provider identity; only a local password signs in to it then. */
  public void unbind() {
    this.idpIssuer = null;
    this.idpSubject = null;
    this.idpUnbound = false;
  }

  public String idpIssuer() {
    return idpIssuer;
  }

  public String idpSubject() {
    return idpSubject;
  }

  /** Another user name, as the provider now names the person (the caller checks it is free). */
  public void rename(String username) {
    this.username = username;
  }

  /**
   * Takes the roles and name that the identity provider gives a federated account at sign-in: the
   * provider, not Kefu, decides them.
   */
  public void takeFromIdentityProvider(String displayName, Set<String> roles) {
    if (displayName != null && !displayName.isBlank()) {
      this.displayName = displayName.strip();
    }
    this.roles = String.join(",", roles);
  }

  /** The last console connection closed: offline, and the grace period starts. */
  public void lostConnection(Instant now) {
    this.status = AgentStatus.OFFLINE;
    this.customStatusId = null;
    this.disconnectedAt = now;
  }

  /**
   * A console is connected again, so the grace period is over; not for a disabled account, whose
   * conversations go back to the queue whatever a console still open says.
   */
  public void connected() {
    if (disabledAt == null) {
      this.disconnectedAt = null;
    }
  }

  /**
   * Disables the account: offline at once and counted as without a console, so that its open
   * conversations go back to their queues ({@code OrphanedConversations}) and no new one comes.
   */
  public void disable(Instant now) {
    if (disabledAt == null) {
      this.disabledAt = now;
      lostConnection(now);
    }
  }

  /** Enables a disabled account again; it stays offline until the person signs in and says so. */
  public void enable() {
    this.disabledAt = null;
  }

  public boolean disabled() {
    return disabledAt != null;
  }

  public Optional<Instant> disabledAt() {
    return Optional.ofNullable(disabledAt);
  }

  /** Whether the person may take one of the tenant's own statuses. */
  public boolean customStatusAllowed() {
    return customStatusAllowed;
  }

  /**
   * Allows or forbids the tenant's own statuses; forbidding them takes a person who is in one out
   * of it (away).
   */
  public void allowCustomStatus(boolean allowed) {
    this.customStatusAllowed = allowed;
    if (!allowed && status == AgentStatus.CUSTOM) {
      changeStatus(AgentStatus.AWAY);
    }
  }

  /** Another name for people to see. */
  public void changeDisplayName(String displayName) {
    this.displayName = displayName;
  }

  /** Other roles, as an admin of a local account sets them (the caller checks them). */
  public void changeRoles(Set<String> roles) {
    this.roles = String.join(",", roles);
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Optional<Instant> disconnectedAt() {
    return Optional.ofNullable(disconnectedAt);
  }

  /** Takes one of the three built-in statuses; a custom one has a method of its own. */
  public void changeStatus(AgentStatus status) {
    if (status == AgentStatus.CUSTOM) {
      throw new IllegalArgumentException("a custom status is taken with takeCustomStatus");
    }
    this.status = status;
    this.customStatusId = null;
  }

  /** Takes one of the tenant's own statuses. */
  public void takeCustomStatus(CustomStatus custom) {
    if (!custom.tenantId().equals(tenantId)) {
      throw new IllegalArgumentException("a status of another tenant");
    }
    if (!customStatusAllowed) {
      throw new IllegalStateException("custom statuses are not allowed for this account");
    }
    this.status = AgentStatus.CUSTOM;
    this.customStatusId = custom.id();
  }

  public Optional<String> customStatusId() {
    return Optional.ofNullable(customStatusId);
  }

  /** Sets how many conversations the agent holds at once and what they are skilled in. */
  public void changeRouting(int capacity, Collection<String> skills) {
    if (capacity < 0 || capacity > 100) {
      throw new IllegalArgumentException("capacity is 0 to 100 conversations");
    }
    Set<String> tags = new TreeSet<>();
    for (String skill : skills == null ? List.<String>of() : skills) {
      tags.add(Skills.checked(skill));
    }
    String joined = String.join(",", tags);
    if (joined.length() > 1000) {
      throw new IllegalArgumentException("too many skills");
    }
    this.capacity = capacity;
    this.skills = joined;
  }

  public Set<String> skills() {
    return Skills.split(skills);
  }

  public boolean hasRole(String role) {
    return roles().contains(role);
  }

  public Set<String> roles() {
    return parseRoles(roles);
  }

  /** The roles as the column holds them, separated by commas. */
  public static Set<String> parseRoles(String column) {
    Set<String> result = new LinkedHashSet<>();
    Arrays.stream(column.split(","))
        .map(String::trim)
        .filter(r -> !r.isEmpty())
        .forEach(result::add);
    return result;
  }

  public String id() {
    return id;
  }

  public String tenantId() {
    return tenantId;
  }

  public String username() {
    return username;
  }

  public String displayName() {
    return displayName;
  }

  public String passwordHash() {
    return passwordHash;
  }

  public AgentStatus status() {
    return status;
  }

  public int capacity() {
    return capacity;
  }
}
