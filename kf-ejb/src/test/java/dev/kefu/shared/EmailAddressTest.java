package dev.kefu.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailAddressTest {

  @Test
  void oneAddressOfAnyScriptIsOne() {
    assertThat(EmailAddress.isOne("li@example.com")).isTrue();
    assertThat(EmailAddress.isOne("li.lei+orders@mail.example.com.cn")).isTrue();
    assertThat(EmailAddress.isOne("o'brien@example.ie")).isTrue();
    assertThat(EmailAddress.isOne("李雷@例子.中国")).isTrue();
    assertThat(EmailAddress.isOne("user@xn--fiqs8s.xn--55qx5d")).isTrue();
    assertThat(EmailAddress.isOne("  li@example.com ")).as("spaces around it").isTrue();
  }

  @Test
  void aListIsNotOne() {
    assertThat(EmailAddress.isOne("victim@corp.example,x@evil.example")).isFalse();
    assertThat(EmailAddress.isOne("victim@corp.example, x@evil.example")).isFalse();
    assertThat(EmailAddress.isOne("victim@corp.example;x@evil.example")).isFalse();
    assertThat(EmailAddress.isOne("victim@corp.example x@evil.example")).isFalse();
    assertThat(EmailAddress.isOne("a,b@example.com")).isFalse();
    assertThat(EmailAddress.isOne("li@example.com;")).isFalse();
    assertThat(EmailAddress.isOne("a@b@example.com")).isFalse();
  }

  @Test
  void aGroupADisplayNameQuotesOrACommentAreNotOne() {
    assertThat(EmailAddress.isOne("undisclosed:victim@corp.example,x@evil.example;")).isFalse();
    assertThat(EmailAddress.isOne("Li <li@example.com>")).isFalse();
    assertThat(EmailAddress.isOne("<x@evil.example>")).isFalse();
    assertThat(EmailAddress.isOne("\"victim@corp.example\" <x@evil.example>")).isFalse();
    assertThat(EmailAddress.isOne("\"a b\"@example.com")).isFalse();
    assertThat(EmailAddress.isOne("li@example.com (Li)")).isFalse();
    assertThat(EmailAddress.isOne("li(x@evil.example)@example.com")).isFalse();
    assertThat(EmailAddress.isOne("li@[127.0.0.1]")).isFalse();
  }

  @Test
  void aLineBreakOrAnotherInvisibleCharacterAnywhereIsNotOne() {
    assertThat(EmailAddress.isOne("x\r\nBcc: a@evil.example")).isFalse();
    assertThat(EmailAddress.isOne("li@example.com\r\nBcc: a@evil.example")).isFalse();
    assertThat(EmailAddress.isOne("li@example.com\n")).as("even at the end").isFalse();
    assertThat(EmailAddress.isOne("\tli@example.com")).isFalse();
    assertThat(EmailAddress.isOne("li@example.com\u0000")).isFalse();
    assertThat(EmailAddress.isOne("li@example.com\u0085")).as("NEL").isFalse();
    assertThat(EmailAddress.isOne("li@example.com\u2028x@evil.example")).isFalse();
    assertThat(EmailAddress.isOne("li\u200b@example.com")).as("zero width").isFalse();
    assertThat(EmailAddress.isOne("li@example.com\u202e")).as("bidi override").isFalse();
    assertThat(EmailAddress.isOne("li@example.com\ud800")).as("lone surrogate").isFalse();
  }

  @Test
  void somethingThatIsNoAddressAtAllIsNotOne() {
    assertThat(EmailAddress.isOne(null)).isFalse();
    assertThat(EmailAddress.isOne("")).isFalse();
    assertThat(EmailAddress.isOne("li")).isFalse();
    assertThat(EmailAddress.isOne("li@localhost")).isFalse();
    assertThat(EmailAddress.isOne("@example.com")).isFalse();
    assertThat(EmailAddress.isOne("li@")).isFalse();
    assertThat(EmailAddress.isOne(".li@example.com")).isFalse();
    assertThat(EmailAddress.isOne("li..lei@example.com")).isFalse();
    assertThat(EmailAddress.isOne("li@example..com")).isFalse();
    assertThat(EmailAddress.isOne("li@-example.com")).isFalse();
    assertThat(EmailAddress.isOne("+86 10 1234 5678")).isFalse();
    assertThat(EmailAddress.isOne("l@" + "e".repeat(EmailAddress.MAX_LENGTH) + ".com")).isFalse();
  }
}
