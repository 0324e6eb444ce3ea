package dev.kefu.admin.boundary;

import java.io.Serializable;

/**
 * A visitor on the sites now as the live monitor lists them: who (name, else id), on which site and
 * page, how long on the site (minutes), with what, and whether and with whom they chat.
 */
public record MonitorRow(
    String visitorId,
    String name,
    String site,
    String pageTitle,
    String pageUrl,
    long minutesOnSite,
    String browser,
    String device,
    String locale,
    int visits,
    String conversationState,
    String agentName)
    implements Serializable {

  public String getVisitorId() {
    return visitorId;
  }

  public String getName() {
    return name;
  }

  public String getSite() {
    return site;
  }

  public String getPageTitle() {
    return pageTitle;
  }

  public String getPageUrl() {
    return pageUrl;
  }

  public long getMinutesOnSite() {
    return minutesOnSite;
  }

  public String getBrowser() {
    return browser;
  }

  public String getDevice() {
    return device;
  }

  public String getLocale() {
    return locale;
  }

  public int getVisits() {
    return visits;
  }

  public String getConversationState() {
    return conversationState;
  }

  public String getAgentName() {
    return agentName;
  }

  public boolean isChatting() {
    return conversationState != null;
  }
}
