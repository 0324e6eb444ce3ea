package dev.kefu.admin.control;

import jakarta.faces.model.SelectItem;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The time zones an admin picks from: the IANA region ids (Asia/Shanghai, Europe/Berlin, …) and
 * UTC, each labelled with its current offset from UTC, its city and the zone's name in the page's
 * language, so that typing "Shanghai", "上海", "China" or "+08" finds it. Sorted by offset, then id.
 */
public final class TimeZoneChoices {

  /**
   * City names in Chinese for the zones Chinese-speaking admins look for most; the JDK has the
   * zones' names ("中国时间") but not their cities.
   */
  private static final Map<String, String> CHINESE_CITIES =
      Map.ofEntries(
          Map.entry("Asia/Shanghai", "上海 北京"),
          Map.entry("Asia/Urumqi", "乌鲁木齐"),
          Map.entry("Asia/Hong_Kong", "香港"),
          Map.entry("Asia/Macau", "澳门"),
          Map.entry("Asia/Taipei", "台北"),
          Map.entry("Asia/Singapore", "新加坡"),
          Map.entry("Asia/Kuala_Lumpur", "吉隆坡"),
          Map.entry("Asia/Tokyo", "东京"),
          Map.entry("Asia/Seoul", "首尔"),
          Map.entry("Asia/Bangkok", "曼谷"),
          Map.entry("Asia/Ho_Chi_Minh", "胡志明市"),
          Map.entry("Asia/Jakarta", "雅加达"),
          Map.entry("Asia/Manila", "马尼拉"),
          Map.entry("Asia/Kolkata", "加尔各答 新德里"),
          Map.entry("Asia/Dubai", "迪拜"),
          Map.entry("Europe/London", "伦敦"),
          Map.entry("Europe/Paris", "巴黎"),
          Map.entry("Europe/Berlin", "柏林"),
          Map.entry("Europe/Moscow", "莫斯科"),
          Map.entry("America/New_York", "纽约"),
          Map.entry("America/Chicago", "芝加哥"),
          Map.entry("America/Los_Angeles", "洛杉矶"),
          Map.entry("America/Vancouver", "温哥华"),
          Map.entry("America/Toronto", "多伦多"),
          Map.entry("America/Sao_Paulo", "圣保罗"),
          Map.entry("Australia/Sydney", "悉尼"),
          Map.entry("Pacific/Auckland", "奥克兰"));

  private TimeZoneChoices() {}

  /** The choices, labelled for this locale, as of this instant. */
  public static List<SelectItem> at(Instant now, Locale locale) {
    boolean chinese = locale.getLanguage().equals("zh");
    List<ZoneId> zones = new ArrayList<>();
    zones.add(ZoneId.of("UTC"));
    for (String id : ZoneId.getAvailableZoneIds()) {
      if (isRegion(id)) {
        zones.add(ZoneId.of(id));
      }
    }
    zones.sort(
        Comparator.comparing((ZoneId z) -> z.getRules().getOffset(now).getTotalSeconds())
            .thenComparing(ZoneId::getId));
    List<SelectItem> items = new ArrayList<>(zones.size());
    for (ZoneId zone : zones) {
      items.add(new SelectItem(zone.getId(), label(zone, now, locale, chinese)));
    }
    return items;
  }

  /** The label of one zone: {@code (UTC+08:00) Asia/Shanghai · Shanghai · China Time}. */
  public static String label(ZoneId zone, Instant now, Locale locale, boolean chinese) {
    ZoneOffset offset = zone.getRules().getOffset(now);
    String id = zone.getId();
    String city = id.substring(id.lastIndexOf('/') + 1).replace('_', ' ');
    StringBuilder label =
        new StringBuilder("(UTC")
            .append(offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId())
            .append(") ")
            .append(id);
    String chineseCity = CHINESE_CITIES.get(id);
    if (chinese && chineseCity != null) {
      label.append(" · ").append(chineseCity);
    } else if (!city.equals(id)) {
      label.append(" · ").append(city);
    }
    String name = zone.getDisplayName(TextStyle.FULL, locale);
    if (!name.equals(id)) {
      label.append(" · ").append(name);
    }
    if (!chinese && chineseCity != null) {
      label.append(" · ").append(chineseCity);
    }
    return label.toString();
  }

  private static boolean isRegion(String id) {
    return id.contains("/")
        && !id.startsWith("Etc/")
        && !id.startsWith("SystemV/")
        && Character.isUpperCase(id.charAt(0))
        && !id.startsWith("US/")
        && !id.startsWith("Canada/")
        && !id.startsWith("Brazil/")
        && !id.startsWith("Mexico/")
        && !id.startsWith("Chile/");
  }
}
