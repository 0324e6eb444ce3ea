package dev.kefu.chat.control;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The device class and browser an agent is shown, read from a User-Agent header. */
public record BrowserInfo(String device, String browser) {

  private static final Pattern[] BROWSERS = {
    Pattern.compile("(Edg)e?/(\\d+)"),
    Pattern.compile("(OPR)/(\\d+)"),
    Pattern.compile("(MicroMessenger)/(\\d+)"),
    Pattern.compile("(Firefox)/(\\d+)"),
    Pattern.compile("(Chrome|CriOS)/(\\d+)"),
    Pattern.compile("Version/(\\d+)[.\\d]* (?:Mobile/\\S+ )?(Safari)/"),
  };

  public static BrowserInfo of(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return new BrowserInfo(null, null);
    }
    return new BrowserInfo(device(userAgent), browser(userAgent));
  }

  private static String device(String ua) {
    if (ua.contains("iPad") || (ua.contains("Android") && !ua.contains("Mobile"))) {
      return "tablet";
    }
    if (ua.contains("Mobi") || ua.contains("iPhone") || ua.contains("Android")) {
      return "mobile";
    }
    return "desktop";
  }

  private static String browser(String ua) {
    for (Pattern pattern : BROWSERS) {
      Matcher m = pattern.matcher(ua);
      if (m.find()) {
        if ("Safari".equals(m.group(2))) {
          return "Safari " + m.group(1);
        }
        String name =
            switch (m.group(1)) {
              case "Edg" -> "Edge";
              case "OPR" -> "Opera";
              case "CriOS" -> "Chrome";
              case "MicroMessenger" -> "WeChat";
              default -> m.group(1);
            };
        return name + " " + m.group(2);
      }
    }
    return "Other";
  }
}
