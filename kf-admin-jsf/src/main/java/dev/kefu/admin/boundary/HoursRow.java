package dev.kefu.admin.boundary;

import java.io.Serializable;

/**
 * One row of a department's weekly hours as the dialog edits it: a day ({@code mon} … {@code sun})
 * and a span as typed ({@code 09:00}, {@code 18:00}; {@code 24:00} for midnight at the end).
 */
public class HoursRow implements Serializable {

  private static final long serialVersionUID = 1L;

  private String day = "mon";
  private String opens;
  private String closes;

  public HoursRow() {}

  public HoursRow(String day, String opens, String closes) {
    this.day = day;
    this.opens = opens;
    this.closes = closes;
  }

  public String getDay() {
    return day;
  }

  public void setDay(String day) {
    this.day = day;
  }

  public String getOpens() {
    return opens;
  }

  public void setOpens(String opens) {
    this.opens = opens;
  }

  public String getCloses() {
    return closes;
  }

  public void setCloses(String closes) {
    this.closes = closes;
  }
}
