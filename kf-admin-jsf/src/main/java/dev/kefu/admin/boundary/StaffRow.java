package dev.kefu.admin.boundary;

import java.io.Serializable;
import java.util.List;

/**
 * One account as the staff list shows it.
 *
 * @param self whether it is the signed-in admin's own account (which they cannot disable)
 */
public record StaffRow(
    String id,
    String username,
    String name,
    List<String> roles,
    List<String> departments,
    int capacity,
    List<String> skills,
    boolean customStatusAllowed,
    boolean disabled,
    boolean self)
    implements Serializable {

  public String getId() {
    return id;
  }

  public String getUsername() {
    return username;
  }

  public String getName() {
    return name;
  }

  public List<String> getRoles() {
    return roles;
  }

  public String getDepartmentsText() {
    return String.join(", ", departments);
  }

  public int getCapacity() {
    return capacity;
  }

  public String getSkillsText() {
    return String.join(", ", skills);
  }

  public boolean isCustomStatusAllowed() {
    return customStatusAllowed;
  }

  public boolean isDisabled() {
    return disabled;
  }

  public boolean isSelf() {
    return self;
  }
}
