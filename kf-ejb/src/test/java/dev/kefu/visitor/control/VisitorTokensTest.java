package dev.kefu.visitor.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class VisitorTokensTest {

  private final VisitorTokens tokens = new VisitorTokens("k".repeat(32).getBytes());
  private final Instant now = Instant.parse("2026-11-24T08:00:00Z");

  @Test
  void aTokenNamesItsVisitorOnItsOwnSiteUntilItExpires() {
    String token = tokens.issue("s-1", "v-1", now.plusSeconds(60));
    assertThat(tokens.visitorOf(token, "s-1", now)).contains("v-1");
    assertThat(tokens.visitorOf(token, "s-2", now)).isEmpty();
    assertThat(tokens.visitorOf(token, "s-1", now.plusSeconds(61))).isEmpty();
  }

  @Test
  void aForgedOrOtherwiseKeyedTokenIsRefused() {
    String token = tokens.issue("s-1", "v-1", now.plusSeconds(60));
    String[] parts = token.split("\\.");
    String otherVisitor = tokens.issue("s-1", "v-2", now.plusSeconds(60)).split("\\.")[0];
    assertThat(tokens.visitorOf(otherVisitor + "." + parts[1], "s-1", now)).isEmpty();
    assertThat(new VisitorTokens("x".repeat(32).getBytes()).visitorOf(token, "s-1", now)).isEmpty();
    assertThat(tokens.visitorOf("garbage", "s-1", now)).isEmpty();
    assertThat(tokens.visitorOf("a.b.c", "s-1", now)).isEmpty();
    assertThat(tokens.visitorOf(null, "s-1", now)).isEmpty();
  }
}
