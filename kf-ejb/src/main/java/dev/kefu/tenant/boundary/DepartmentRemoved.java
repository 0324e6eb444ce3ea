package dev.kefu.tenant.boundary;

/**
 * A department is about to be removed, in the transaction that removes it: whatever refers to it
 * must go first (its members). Observed synchronously in the same transaction.
 */
public record DepartmentRemoved(String departmentId) {}
