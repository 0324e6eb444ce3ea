package dev.kefu.admin.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.faces.model.SelectItem;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TimeZoneChoicesTest {

  private static final Instant JULY = Instant.parse("2026-07-01T00:00:00Z");

  private static String labelOf(List<SelectItem> items, String zone) {
    return items.stream()
        .filter(i -> i.getValue().equals(zone))
        .findFirst()
        .orElseThrow()
        .getLabel();
  }

  @Test
  void shanghaiIsFoundByItsCityInEitherLanguageWithItsOffset() {
    String english = labelOf(TimeZoneChoices.at(JULY, Locale.ENGLISH), "Asia/Shanghai");
    String chinese = labelOf(TimeZoneChoices.at(JULY, Locale.SIMPLIFIED_CHINESE), "Asia/Shanghai");
    assertThat(english).startsWith("(UTC+08:00) Asia/Shanghai").contains("Shanghai", "上海");
    assertThat(chinese).startsWith("(UTC+08:00) Asia/Shanghai").contains("上海", "中国");
  }

  @Test
  void theOffsetIsTheOneInForceAtThatMoment() {
    assertThat(labelOf(TimeZoneChoices.at(JULY, Locale.ENGLISH), "Europe/Berlin"))
        .startsWith("(UTC+02:00)");
    assertThat(
            labelOf(
                TimeZoneChoices.at(Instant.parse("2026-01-15T00:00:00Z"), Locale.ENGLISH),
                "Europe/Berlin"))
        .startsWith("(UTC+01:00)");
  }

  @Test
  void onlyRegionZonesAndUtcAreOfferedSortedByOffset() {
    List<SelectItem> items = TimeZoneChoices.at(JULY, Locale.ENGLISH);
    assertThat(items).extracting(i -> (String) i.getValue()).contains("UTC", "Asia/Shanghai");
    assertThat(items)
        .extracting(i -> (String) i.getValue())
        .noneMatch(id -> id.startsWith("Etc/") || id.startsWith("SystemV/") || id.equals("PRC"));
    assertThat(labelOf(items, "UTC")).startsWith("(UTC+00:00) UTC");
    assertThat(items.get(0).getLabel()).startsWith("(UTC-");
  }
}
