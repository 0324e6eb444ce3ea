package dev.kefu.audit.entity;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

/**
 * The names of audited actions, {@code object.verb}. They are stable: exports and the reports built
 * on them filter by these names.
 */
public final class Action {

  public static final String SIGNIN_SUCCESS = "signin.success";
  public static final String SIGNIN_FAILURE = "signin.failure";

  /** A sign-in refused without looking at the password, because the user name is locked. */
  public static final String SIGNIN_LOCKED = "signin.locked";

  public static final String SITE_UPDATE = "site.update";

  /** An admin made a new site. */
  public static final String SITE_CREATE = "site.create";

  /** An admin deleted a site: its widget is refused, its history kept. */
  public static final String SITE_DELETE = "site.delete";

  /** An admin gave a site a new identity-verification secret (the secret is never recorded). */
  public static final String SITE_SECRET_RENEWED = "site.secret_renewed";

  /** An admin made a local staff account; detail: user name, roles, departments. */
  public static final String AGENT_CREATE = "agent.create";

  /**
   * An account was bound to a person of the identity provider: by an admin (detail: the identity
   * before and after), or at the first sign-in after the upgrade of an account the provider made
   * before accounts were bound to subjects (detail {@code carriedOver}).
   */
  public static final String AGENT_IDENTITY_BOUND = "agent.identity_bound";

  /** An admin unbound an account from its provider identity; detail: before and after. */
  public static final String AGENT_IDENTITY_UNBOUND = "agent.identity_unbound";

  /** An admin gave a local account a new password (which is never recorded). */
  public static final String AGENT_PASSWORD_SET = "agent.password_set";

  /**
   * An admin changed an account on the staff page: user name, name, roles, departments, capacity,
   * skills, custom statuses allowed; detail: before and after.
   */
  public static final String AGENT_UPDATE = "agent.update";

  /** An admin disabled an account: signed out everywhere, no sign-in, no conversations. */
  public static final String AGENT_DISABLED = "agent.disabled";

  /** An admin enabled a disabled account again. */
  public static final String AGENT_ENABLED = "agent.enabled";

  /** A member of staff changed their own password (which is never recorded). */
  public static final String AGENT_PASSWORD_CHANGED = "agent.password_changed";

  /**
   * A WebSocket handshake refused with an HTTP status; detail {@code reason}: {@code unknown_site},
   * {@code origin}, {@code ticket}, {@code connections}.
   */
  public static final String HANDSHAKE_REFUSED = "handshake.refused";

  /** A visitor token that is forged, expired or of another site. */
  public static final String VISITOR_TOKEN_REFUSED = "visitor.token_refused";

  /**
   * A visitor identity refused; detail {@code reason}: {@code invalid} (a wrong or stale hash) or
   * {@code missing} (none, on a site that requires one).
   */
  public static final String VISITOR_IDENTITY_REFUSED = "visitor.identity_refused";

  /** A socket that sent frames faster than its limit. */
  public static final String SOCKET_RATE_LIMITED = "socket.rate_limited";

  /**
   * A socket that sent a frame over the frame limit and was closed with 1009; detail {@code reason}
   * {@code size} and the limit, {@code maxBytes}.
   */
  public static final String SOCKET_FRAME_TOO_BIG = "socket.frame_too_big";

  public static final String AUDIT_EXPORT = "audit.export";
  public static final String AUDIT_PURGE = "audit.purge";

  /**
   * An admin exported the conversation history (CSV or JSON); detail: the format and the filter,
   * never the rows.
   */
  public static final String CONVERSATION_EXPORT = "conversation.export";

  /** A platform operator founded a tenant (multi-tenant installations only). */
  public static final String TENANT_CREATE = "tenant.create";

  /** A platform operator suspended a tenant: its staff cannot sign in, its widgets are refused. */
  public static final String TENANT_SUSPENDED = "tenant.suspended";

  /** A platform operator resumed a suspended tenant. */
  public static final String TENANT_RESUMED = "tenant.resumed";

  /** A platform operator changed a tenant's limits on agents and sites; detail before and after. */
  public static final String TENANT_LIMITS_CHANGED = "tenant.limits_changed";

  /**
   * A tenant moved: its export was taken, it was imported from one (detail: rows and files), or,
   * suspended, it was removed with all its data (detail: rows and files).
   */
  public static final String TENANT_EXPORT = "tenant.export";

  public static final String TENANT_IMPORT = "tenant.import";
  public static final String TENANT_DELETE = "tenant.delete";

  /** Someone started the re-encryption of the personal data under the current data key. */
  public static final String DATA_KEY_REENCRYPT = "data_key.reencrypt";

  /** Routing settings: custom agent statuses, departments, agents' capacity and skills, rules. */
  public static final String AGENT_STATUS_CREATE = "agent_status.create";

  public static final String AGENT_STATUS_UPDATE = "agent_status.update";
  public static final String AGENT_STATUS_DELETE = "agent_status.delete";
  public static final String DEPARTMENT_CREATE = "department.create";
  public static final String DEPARTMENT_UPDATE = "department.update";
  public static final String DEPARTMENT_DELETE = "department.delete";
  public static final String DEPARTMENT_MEMBERS = "department.members";
  public static final String AGENT_ROUTING = "agent.routing";
  public static final String ROUTING_RULES = "site.routing_rules";

  /**
   * Canned replies, personal and shared: made, changed, removed; detail the scope, shortcut and
   * text before and after.
   */
  public static final String CANNED_REPLY_CREATE = "canned_reply.create";

  public static final String CANNED_REPLY_UPDATE = "canned_reply.update";
  public static final String CANNED_REPLY_DELETE = "canned_reply.delete";

  /**
   * Protection: an admin blocked or unblocked a visitor or an address range (detail: the visitor or
   * the range, the reason, the expiry), or changed the sensitive words (detail: the words, the mode
   * and which side's messages are screened, before and after).
   */
  public static final String VISITOR_BLOCKED = "visitor.blocked";

  public static final String VISITOR_UNBLOCKED = "visitor.unblocked";
  public static final String ADDRESS_BLOCKED = "address.blocked";
  public static final String ADDRESS_UNBLOCKED = "address.unblocked";
  public static final String SENSITIVE_WORDS_UPDATE = "sensitive_words.update";

  /**
   * A blocked visitor's widget was turned away at {@code hello}; detail {@code reason}: {@code
   * visitor} (blocked by id) or {@code address} (from a blocked range). Throttled like every
   * refusal.
   */
  public static final String VISITOR_TURNED_AWAY = "visitor.turned_away";

  /**
   * A visitor's data was erased at their request (GDPR, PIPL); detail: how many conversations,
   * messages, notes, files, page views, left messages and blocks went, never what they held.
   */
  public static final String VISITOR_ERASED = "visitor.erased";

  /** Webhooks: made, changed (detail: before and after), removed, a new secret (never shown). */
  public static final String WEBHOOK_CREATE = "webhook.create";

  public static final String WEBHOOK_UPDATE = "webhook.update";
  public static final String WEBHOOK_DELETE = "webhook.delete";
  public static final String WEBHOOK_SECRET_RENEWED = "webhook.secret_renewed";

  /** An admin sent a delivery again, or a ping to try a receiver. */
  public static final String WEBHOOK_RESEND = "webhook.resend";

  private Action() {}

  /** Every action named here, sorted: what the console offers to search by. */
  public static List<String> known() {
    return KNOWN;
  }

  private static final List<String> KNOWN =
      Arrays.stream(Action.class.getFields())
          .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
          .map(Action::valueOf)
          .sorted()
          .toList();

  private static String valueOf(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException never) {
      throw new IllegalStateException(never);
    }
  }
}
