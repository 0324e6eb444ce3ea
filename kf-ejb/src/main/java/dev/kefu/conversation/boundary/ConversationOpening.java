package dev.kefu.conversation.boundary;

import dev.kefu.tenant.entity.Site;

/**
 * A visitor's first message is about to open a conversation, in the transaction that stores it:
 * where does it go? Whoever routes (the routing component) answers in the same transaction through
 * {@link #routeTo}; without an answer the conversation goes to the site's default department and
 * needs no skill. Observed synchronously; not an event for the edge.
 */
public final class ConversationOpening {

  private final Site site;
  private final String pageUrl;
  private final String locale;
  private final String prechatDepartmentId;
  private final String invitedBy;
  private String departmentId;
  private String requiredSkill;

  public ConversationOpening(Site site, String pageUrl, String locale, String prechatDepartmentId) {
    this(site, pageUrl, locale, prechatDepartmentId, null);
  }

  /**
   * A conversation that opens in answer to the invitation of the member of staff {@code invitedBy}
   * (null: none), who should have it when they can take it.
   */
  public ConversationOpening(
      Site site, String pageUrl, String locale, String prechatDepartmentId, String invitedBy) {
    this.site = site;
    this.pageUrl = pageUrl;
    this.locale = locale;
    this.prechatDepartmentId = prechatDepartmentId;
    this.invitedBy = invitedBy;
    this.departmentId = site.defaultDepartmentId();
  }

  /** The member of staff whose invitation the visitor answers, or null. */
  public String invitedBy() {
    return invitedBy;
  }

  public Site site() {
    return site;
  }

  public String pageUrl() {
    return pageUrl;
  }

  public String locale() {
    return locale;
  }

  /** The department the visitor picked in the pre-chat form, or null. */
  public String prechatDepartmentId() {
    return prechatDepartmentId;
  }

  /** The conversation goes to this department and needs this skill of its agent (null: none). */
  public void routeTo(String departmentId, String requiredSkill) {
    this.departmentId = departmentId;
    this.requiredSkill = requiredSkill;
  }

  public String departmentId() {
    return departmentId;
  }

  public String requiredSkill() {
    return requiredSkill;
  }
}
