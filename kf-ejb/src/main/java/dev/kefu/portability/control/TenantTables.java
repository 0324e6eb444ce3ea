package dev.kefu.portability.control;

import java.util.List;
import java.util.Set;

/**
 * The tables that hold a tenant, in the order their rows can be inserted (every row after the rows
 * it refers to), each with how its rows of one tenant are found ({@code ?} is the tenant's id).
 * What an installation keeps for itself, not for a tenant, is in {@link #NOT_MOVED}. A table of a
 * new migration must be placed in one of the two (a test holds this).
 */
public final class TenantTables {

  /** A table and the condition that finds a tenant's rows in it. */
  public record Table(String name, String where) {}

  private static final String OWN = "tenant_id = ?";

  public static final List<Table> ORDER =
      List.of(
          new Table("tenant", "id = ?"),
          new Table("department", OWN),
          new Table("site", OWN),
          new Table("agent_status", OWN),
          new Table("agent", OWN),
          new Table(
              "department_member",
              "department_id IN (SELECT id FROM department WHERE tenant_id = ?)"),
          new Table("routing_rule", OWN),
          new Table("canned_reply", OWN),
          new Table("sensitive_words", OWN),
          new Table("visitor", OWN),
          new Table("page_view", OWN),
          new Table("visitor_block", OWN),
          new Table("conversation", OWN),
          new Table("kf_file", OWN),
          new Table("message", OWN),
          new Table("conversation_note", OWN),
          new Table("offline_message", OWN),
          new Table("webhook", OWN),
          new Table("webhook_delivery", OWN),
          new Table("audit_event", OWN));

  /**
   * The installation's own tables: its settings, short-lived socket tickets, and the throttle of
   * failed sign-ins (by user name, across tenants).
   */
  public static final Set<String> NOT_MOVED = Set.of("kf_setting", "ws_ticket", "signin_guard");

  private TenantTables() {}
}
