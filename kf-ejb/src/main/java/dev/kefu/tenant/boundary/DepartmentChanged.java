package dev.kefu.tenant.boundary;

/**
 * A department's settings or members changed, in the transaction that changed them, under the
 * department's row lock: longer hours, another strategy or a new member may let its waiting
 * conversations through now. Observed synchronously in the same transaction (routing serves the
 * queue); not an event for the edge.
 */
public record DepartmentChanged(String departmentId) {}
