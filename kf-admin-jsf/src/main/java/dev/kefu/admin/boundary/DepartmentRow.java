package dev.kefu.admin.boundary;

import java.io.Serializable;
import java.util.List;

/** One line of the departments table: what an admin sees of a department at a glance. */
public record DepartmentRow(
    String id,
    String name,
    String strategy,
    List<String> members,
    String timeZone,
    String hours,
    String holidays,
    boolean online)
    implements Serializable {

  public DepartmentRow {
    members = List.copyOf(members);
  }

  // Expression Language reads bean properties; records have no getters of their own.
  public String getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getStrategy() {
    return strategy;
  }

  public List<String> getMembers() {
    return members;
  }

  /** The members' names, comma-separated; empty without members. */
  public String getMembersText() {
    return String.join(", ", members);
  }

  public String getTimeZone() {
    return timeZone;
  }

  public String getHours() {
    return hours;
  }

  public String getHolidays() {
    return holidays;
  }

  public boolean isOnline() {
    return online;
  }
}
