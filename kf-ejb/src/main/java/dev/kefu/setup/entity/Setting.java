package dev.kefu.setup.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A value that belongs to the installation as a whole and is shared by all its nodes. */
@Entity
@Table(name = "kf_setting")
public class Setting {

  @Id private String name;

  @Column(name = "setting_value", nullable = false)
  private String value;

  protected Setting() {}

  public Setting(String name, String value) {
    this.name = name;
    this.value = value;
  }

  /** Gives the setting a new value. */
  public void change(String value) {
    this.value = value;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }
}
