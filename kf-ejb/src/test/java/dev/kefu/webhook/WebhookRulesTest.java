package dev.kefu.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kefu.shared.RuleViolation;
import dev.kefu.webhook.control.Backoff;
import dev.kefu.webhook.control.Signature;
import dev.kefu.webhook.entity.Webhook;
import dev.kefu.webhook.entity.WebhookEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of webhooks that need no server: addresses, events, signatures and the back-off. */
class WebhookRulesTest {

  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  @Test
  void theSignatureIsTheHmacOfTheSecondsAndTheBodyAsAReceiverComputesIt() {
    // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published test vector.
    assertThat(Signature.hmac("key", "The quick brown fox jumps over the lazy dog"))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    String body = "{\"id\":\"whd-1\",\"type\":\"ping\"}";
    assertThat(Signature.header("whsec_x", 1_765_000_000L, body))
        .isEqualTo("t=1765000000,v1=" + Signature.hmac("whsec_x", "1765000000." + body));
    assertThat(Signature.header("whsec_y", 1_765_000_000L, body))
        .as("another secret signs differently")
        .isNotEqualTo(Signature.header("whsec_x", 1_765_000_000L, body));
  }

  @Test
  void theWaitDoublesUpToTheLongestAndTheLastAttemptGivesUp() {
    Backoff backoff = new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(1), 5);
    assertThat(List.of(1, 2, 3, 4, 5, 40).stream().map(backoff::after).toList())
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            Duration.ofMinutes(1));
    assertThat(backoff.exhausted(4)).isFalse();
    assertThat(backoff.exhausted(5)).isTrue();
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMinutes(1), 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyAnHttpOrHttpsAddressWithAHostAndNoCredentialsIsAccepted() {
    for (String good :
        List.of("https://crm.example.com/hooks/kefu", "http://10.0.0.5:8080/in?x=1")) {
      assertThat(webhook(good).url()).isEqualTo(good);
    }
    for (String bad :
        List.of(
            "",
            "ftp://example.com/",
            "javascript:alert(1)",
            "https:///nohost",
            "https://user:pass@example.com/",
            "https://example.com/#x",
            "not a url",
            "https://example.com/" + "a".repeat(2000))) {
      assertThatThrownBy(() -> webhook(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              RuleViolation.class,
              r -> {
                assertThat(r.code()).isEqualTo("url_invalid");
                assertThat(r.field()).isEqualTo("url");
              });
    }
  }

  @Test
  void aWebhookWantsWhatItChoseOnlyWhileOnAndNeverAsksForPings() {
    Webhook webhook =
        new Webhook(
            "t-1",
            "https://example.com/in",
            EnumSet.of(WebhookEvent.MESSAGE_CREATED, WebhookEvent.CONVERSATION_CLOSED),
            true,
            " CRM ",
            NOW);
    assertThat(webhook.wants(WebhookEvent.MESSAGE_CREATED)).isTrue();
    assertThat(webhook.wants(WebhookEvent.CONVERSATION_RATED)).isFalse();
    assertThat(webhook.description()).isEqualTo("CRM");
    assertThat(webhook.secret()).startsWith("whsec_").hasSizeGreaterThan(40);
    String first = webhook.secret();
    webhook.rotateSecret(NOW);
    assertThat(webhook.secret()).isNotEqualTo(first);
    webhook.change(
        "https://example.com/in", EnumSet.of(WebhookEvent.MESSAGE_CREATED), false, null, NOW);
    assertThat(webhook.wants(WebhookEvent.MESSAGE_CREATED)).as("switched off").isFalse();
    assertThatThrownBy(
            () ->
                webhook.change(
                    "https://example.com/in", EnumSet.of(WebhookEvent.PING), true, null, NOW))
        .isInstanceOf(RuleViolation.class);
    assertThatThrownBy(
            () ->
                webhook.change(
                    "https://example.com/in", EnumSet.noneOf(WebhookEvent.class), true, null, NOW))
        .isInstanceOf(RuleViolation.class);
  }

  private static Webhook webhook(String url) {
    return new Webhook("t-1", url, EnumSet.of(WebhookEvent.MESSAGE_CREATED), true, null, NOW);
  }
}
