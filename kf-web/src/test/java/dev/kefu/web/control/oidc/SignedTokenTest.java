package dev.kefu.web.control.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignedTokenTest {

  private static final String ISSUER = "https://sso.example.com/realms/kefu";
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private static KeyPair provider;
  private static KeyPair attacker;

  @BeforeAll
  static void keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    provider = generator.generateKeyPair();
    attacker = generator.generateKeyPair();
  }

  @Test
  void acceptsATokenOfTheProviderForKefu() throws Exception {
    SignedToken token =
        verify(sign(provider.getPrivate(), "RS256", claims(ISSUER, "\"kefu-api\"", 300)));
    assertThat(token.string("preferred_username")).isEqualTo("ann");
    assertThat(token.strings("groups")).containsExactly("kf-agent", "offline_access");
    assertThat(token.strings("realm_access.roles")).containsExactly("kf-agent");
  }

  @Test
  void acceptsTheAudienceAmongSeveral() throws Exception {
    verify(sign(provider.getPrivate(), "RS256", claims(ISSUER, "[\"account\",\"kefu-api\"]", 60)));
  }

  @Test
  void refusesASignatureByAnotherKey() {
    assertRejected(
        sign(attacker.getPrivate(), "RS256", claims(ISSUER, "\"kefu-api\"", 300)), "bad_signature");
  }

  @Test
  void refusesAChangedPayload() {
    String token = sign(provider.getPrivate(), "RS256", claims(ISSUER, "\"kefu-api\"", 300));
    String[] parts = token.split("\\.");
    String forged =
        parts[0]
            + "."
            + encode(claims(ISSUER, "\"kefu-api\"", 300).replace("kf-agent", "kf-admin"))
            + "."
            + parts[2];
    assertRejected(forged, "bad_signature");
  }

  @Test
  void refusesUnsignedAndSymmetricTokens() {
    String payload = encode(claims(ISSUER, "\"kefu-api\"", 300));
    assertRejected(encode("{\"alg\":\"none\"}") + "." + payload + ".", "algorithm_not_allowed");
    assertRejected(
        encode("{\"alg\":\"HS256\",\"kid\":\"k1\"}") + "." + payload + ".c2ln",
        "algorithm_not_allowed");
  }

  @Test
  void refusesAnotherIssuerAudienceOrAnExpiredToken() {
    assertRejected(
        sign(
            provider.getPrivate(),
            "RS256",
            claims("https://evil.example/realms/kefu", "\"kefu-api\"", 300)),
        "wrong_issuer");
    assertRejected(
        sign(provider.getPrivate(), "RS256", claims(ISSUER, "\"account\"", 300)), "wrong_audience");
    assertRejected(
        sign(provider.getPrivate(), "RS256", claims(ISSUER, "\"kefu-api\"", -120)), "expired");
  }

  @Test
  void refusesGarbage() {
    assertRejected("not a token", "malformed");
    assertRejected("a.b.c", "malformed");
    assertRejected(null, "malformed");
  }

  private static SignedToken verify(String token) throws SignedToken.Rejected {
    return SignedToken.verify(
        token, kid -> "k1".equals(kid) ? provider.getPublic() : null, ISSUER, "kefu-api", NOW);
  }

  private static void assertRejected(String token, String reason) {
    assertThatThrownBy(() -> verify(token))
        .isInstanceOf(SignedToken.Rejected.class)
        .hasMessage(reason);
  }

  private static String claims(String issuer, String audience, long expiresIn) {
    return "{\"iss\":\""
        + issuer
        + "\",\"aud\":"
        + audience
        + ",\"sub\":\"u-1\",\"preferred_username\":\"ann\",\"exp\":"
        + (NOW.getEpochSecond() + expiresIn)
        + ",\"groups\":[\"kf-agent\",\"offline_access\"],\"realm_access\":{\"roles\":[\"kf-agent\"]}}";
  }

  private static String sign(PrivateKey key, String algorithm, String claims) {
    try {
      String signingInput =
          encode("{\"alg\":\"" + algorithm + "\",\"kid\":\"k1\",\"typ\":\"JWT\"}")
              + "."
              + encode(claims);
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
