package dev.kefu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Collator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PublicIdTest {

  @Test
  void orderedIdsSortByTheirTimeAlsoWhenCaseIsIgnored() {
    long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    List<String> made = new ArrayList<>();
    // A millisecond apart, a second, a day, and across a change of the number of base-36 digits.
    for (long at :
        new long[] {
          start, start + 1, start + 1_000, start + 86_400_000L, 36L * 36 * 36 * 36 * 36
        }) {
      made.add(PublicId.ordered("m", at));
    }
    made.add(0, made.remove(made.size() - 1));
    Collator caseBlind = Collator.getInstance(Locale.ROOT);
    caseBlind.setStrength(Collator.SECONDARY);

    assertThat(made).isSortedAccordingTo(String::compareTo);
    assertThat(made).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    assertThat(made).isSortedAccordingTo(caseBlind::compare);
  }

  @Test
  void anOrderedIdIsUrlSafeFitsItsColumnAndIsNotRepeated() {
    String one = PublicId.ordered("m");
    String two = PublicId.ordered("m");

    assertThat(one).matches("m-[0-9a-z]{9}[A-Za-z0-9_-]{16}").hasSizeLessThanOrEqualTo(40);
    assertThat(one).isNotEqualTo(two);
  }
}
