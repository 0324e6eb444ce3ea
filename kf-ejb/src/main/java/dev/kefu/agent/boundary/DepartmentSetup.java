package dev.kefu.agent.boundary;

import dev.kefu.audit.entity.Actor;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.entity.Department;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.List;

/**
 * A department as one form sets it up: its settings, business hours and members, saved in one
 * transaction, so that a refusal of any part (a name taken, a member of another tenant) leaves
 * nothing half-saved. Each part is audited as it would be on its own.
 */
@Stateless
public class DepartmentSetup {

  @Inject Departments departments;
  @Inject Memberships memberships;

  /**
   * Creates a department ({@code departmentId} null) or changes one of the actor's tenant, and
   * makes exactly these agents its members.
   */
  public Department save(
      Actor by, String departmentId, Departments.Settings settings, List<String> memberIds) {
    Department saved =
        departmentId == null
            ? departments.create(by, settings)
            : departments.change(by, departmentId, settings);
    memberships.change(by, saved.id(), memberIds);
    return saved;
  }
}
