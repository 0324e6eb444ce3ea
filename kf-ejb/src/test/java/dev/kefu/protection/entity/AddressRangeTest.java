package dev.kefu.protection.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressRangeTest {

  @Test
  void anIpv4RangeIsKeptCanonicalAndContainsItsAddresses() {
    AddressRange range = AddressRange.parse(" 203.0.113.77/24 ");
    assertThat(range).hasToString("203.0.113.0/24");
    assertThat(range.contains("203.0.113.1")).isTrue();
    assertThat(range.contains("203.0.114.1")).isFalse();
    assertThat(range.contains("::ffff:203.0.113.9")).isTrue();
  }

  @Test
  void anIpv6RangeIsWrittenShortAndContainsItsAddresses() {
    AddressRange range = AddressRange.parse("2001:DB8:0:0:1::5/32");
    assertThat(range).hasToString("2001:db8::/32");
    assertThat(range.contains("2001:db8:ffff::1")).isTrue();
    assertThat(range.contains("2001:db9::1")).isFalse();
    assertThat(range.contains("203.0.113.1")).isFalse();
  }

  @Test
  void oneAddressIsARangeOfOne() {
    assertThat(AddressRange.parse("198.51.100.7")).hasToString("198.51.100.7/32");
    assertThat(AddressRange.parse("198.51.100.7").contains("198.51.100.8")).isFalse();
    assertThat(AddressRange.parse("::1")).hasToString("::1/128");
    assertThat(AddressRange.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
  }

  @Test
  void whatIsNoRangeIsRefusedWithoutALookup() {
    for (String wrong :
        new String[] {
          "", "example.com", "10.0.0.0/33", "2001:db8::/129", "10.0.0/8", "1.2.3.4/x", "1.2.3.4/-1"
        }) {
      assertThatThrownBy(() -> AddressRange.parse(wrong))
          .as(wrong)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(AddressRange.parse("10.0.0.0/8").contains("not-an-address")).isFalse();
  }
}
