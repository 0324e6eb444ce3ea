package dev.kefu.web.control.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the token rules let through and what they refuse, with keys made here and published as the
 * provider would publish them.
 */
class TokenRulesTest {

  static final String ISSUER = "https://sso.example.com/realms/kefu";
  static final String CONSOLE = "kefu-console";
  static final String API = "kefu-api";

  static RSAKey key;
  static RSAKey otherKey;
  static RSAKey weakKey;
  static TokenRules rules;

  @BeforeAll
  static void keys() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    otherKey = new RSAKeyGenerator(2048).keyID("k2").generate();
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
    generator.initialize(1024);
    java.security.KeyPair weak = generator.generateKeyPair();
    weakKey =
        new RSAKey.Builder((java.security.interfaces.RSAPublicKey) weak.getPublic())
            .privateKey(weak.getPrivate())
            .keyID("weak")
            .build();
    rules = rulesFor(key, weakKey);
  }

  static TokenRules rulesFor(RSAKey... published) {
    List<com.nimbusds.jose.jwk.JWK> keys =
        java.util.Arrays.stream(published)
            .map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK())
            .toList();
    return new TokenRules(
        ISSUER, CONSOLE, API, new ImmutableJWKSet<SecurityContext>(new JWKSet(keys)));
  }

  @Test
  void anAccessTokenForTheApiPasses() throws Exception {
    TokenRules.Claims claims = rules.accessToken(accessToken(c -> {}));
    assertThat(claims.string("sub")).isEqualTo("u-1");
    assertThat(claims.strings("realm_access.roles")).containsExactly("kf-agent");
    assertThat(claims.expires()).isPresent();
  }

  @Test
  void anRfc9068AccessTokenPassesByItsHeaderType() throws Exception {
    JWTClaimsSet claims = baseClaims().audience(API).build();
    String token =
        sign(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            claims,
            key);
    assertThat(rules.accessToken(token).string("sub")).isEqualTo("u-1");
  }

  @Test
  void anIdTokenIsNoBearerTokenEvenWhenItNamesTheApi() throws Exception {
    String idToken = idToken("n-1", c -> c.audience(List.of(API, CONSOLE)));
    refused(() -> rules.accessToken(idToken), "not_an_access_token");
  }

  @Test
  void anAccessTokenIsNoIdToken() throws Exception {
    String accessToken = accessToken(c -> c.audience(List.of(API, CONSOLE)).claim("nonce", "n-1"));
    refused(() -> rules.idToken(accessToken, "n-1"), "not_an_id_token");
  }

  @Test
  void aTokenForAnotherClientIsRefusedEvenWhenItsAzpIsTheConsole() throws Exception {
    String token = accessToken(c -> c.audience("account").claim("azp", CONSOLE));
    refused(() -> rules.accessToken(token), "wrong_audience");
  }

  @Test
  void aTokenWithoutAudienceIsForAnotherClient() throws Exception {
    refused(() -> rules.accessToken(accessToken(c -> c.audience((String) null))), "wrong_audience");
  }

  @Test
  void wrongIssuerExpiredAndFutureTokensAreRefused() throws Exception {
    refused(
        () -> rules.accessToken(accessToken(c -> c.issuer("https://evil.example"))),
        "wrong_issuer");
    Instant past = Instant.now().minus(Duration.ofHours(1));
    refused(
        () -> rules.accessToken(accessToken(c -> c.expirationTime(Date.from(past)))), "expired");
    Instant later = Instant.now().plus(Duration.ofHours(1));
    refused(
        () -> rules.accessToken(accessToken(c -> c.notBeforeTime(Date.from(later)))),
        "not_yet_valid");
  }

  @Test
  void aTokenWithoutSubjectIsRefused() throws Exception {
    refused(() -> rules.accessToken(accessToken(c -> c.subject(null))), "claims_missing");
  }

  @Test
  void signaturesMustBeByAPublishedStrongKeyWithAnAllowedAlgorithm() throws Exception {
    String good = accessToken(c -> {});
    String[] parts = good.split("\\.");
    assertThatThrownBy(() -> rules.accessToken(parts[0] + "." + parts[1] + "x." + parts[2]))
        .isInstanceOf(TokenRules.Rejected.class);
    refused(() -> rules.accessToken(parts[0] + "." + parts[1] + "."), "malformed");
    String tampered =
        parts[0] + "." + accessToken(c -> c.subject("u-2")).split("\\.")[1] + "." + parts[2];
    refused(() -> rules.accessToken(tampered), "bad_signature");

    String byUnknown = sign(header(otherKey).build(), baseClaims().audience(API).build(), otherKey);
    refused(() -> rules.accessToken(byUnknown), "unknown_key");

    String byWeak = sign(header(weakKey).build(), baseClaims().audience(API).build(), weakKey);
    refused(() -> rules.accessToken(byWeak), "unknown_key");

    SignedJWT hmac =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
            baseClaims().audience(API).build());
    hmac.sign(new MACSigner(new byte[32]));
    refused(() -> rules.accessToken(hmac.serialize()), "algorithm_not_allowed");
  }

  @Test
  void anUnknownCriticalHeaderIsRefused() throws Exception {
    String token =
        sign(
            header(key)
                .criticalParams(Set.of("kefu-unknown"))
                .customParam("kefu-unknown", 1)
                .build(),
            baseClaims().audience(API).build(),
            key);
    assertThatThrownBy(() -> rules.accessToken(token)).isInstanceOf(TokenRules.Rejected.class);
  }

  @Test
  void severalKeysWithoutIdAreEachTried() throws Exception {
    RSAKey first = new RSAKeyGenerator(2048).generate();
    RSAKey second = new RSAKeyGenerator(2048).generate();
    TokenRules withoutIds = rulesFor(first, second);
    for (RSAKey signer : List.of(first, second)) {
      String token =
          sign(
              new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
              baseClaims().audience(API).claim("typ", "Bearer").build(),
              signer);
      assertThat(withoutIds.accessToken(token).string("sub")).isEqualTo("u-1");
    }
  }

  @Test
  void anIdTokenPassesOnlyWithItsNonceForTheConsole() throws Exception {
    assertThat(rules.idToken(idToken("n-1", c -> {}), "n-1").string("sub")).isEqualTo("u-1");
    refused(() -> rules.idToken(idToken("n-1", c -> {}), "n-2"), "nonce_mismatch");
    refused(() -> rules.idToken(idToken("n-1", c -> c.audience(API)), "n-1"), "wrong_audience");
  }

  @Test
  void theProvidersKeysCanBeCachedForAShortOrALongTime() throws Exception {
    java.net.URL url = java.net.URI.create("https://sso.example.com/keys").toURL();
    for (long seconds : new long[] {1, 5, 10, 60, 300, 86_400}) {
      assertThat(OidcProvider.cachedKeys(url, Duration.ofSeconds(seconds))).isNotNull();
    }
  }

  @Test
  void garbageIsMalformed() {
    refused(() -> rules.accessToken(null), "malformed");
    refused(() -> rules.accessToken("not a token"), "malformed");
    refused(() -> rules.accessToken("a".repeat(20_000)), "malformed");
  }

  interface Check {
    Object run() throws Exception;
  }

  static void refused(Check check, String reason) {
    assertThatThrownBy(check::run).isInstanceOf(TokenRules.Rejected.class).hasMessage(reason);
  }

  static JWTClaimsSet.Builder baseClaims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject("u-1")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .claim("preferred_username", "ann")
        .claim("realm_access", Map.of("roles", List.of("kf-agent")));
  }

  /** An access token as Keycloak makes one: header typ JWT, claim typ Bearer. */
  static String accessToken(Consumer<JWTClaimsSet.Builder> change) throws Exception {
    JWTClaimsSet.Builder claims = baseClaims().audience(API).claim("typ", "Bearer");
    change.accept(claims);
    return sign(header(key).build(), claims.build(), key);
  }

  /** An ID token as Keycloak makes one: claim typ ID, the console's client as its audience. */
  static String idToken(String nonce, Consumer<JWTClaimsSet.Builder> change) throws Exception {
    JWTClaimsSet.Builder claims =
        baseClaims()
            .audience(CONSOLE)
            .claim("typ", "ID")
            .claim("nonce", nonce)
            .claim("azp", CONSOLE);
    change.accept(claims);
    return sign(header(key).build(), claims.build(), key);
  }

  static JWSHeader.Builder header(RSAKey signer) {
    return new JWSHeader.Builder(JWSAlgorithm.RS256)
        .keyID(signer.getKeyID())
        .type(JOSEObjectType.JWT);
  }

  static String sign(JWSHeader header, JWTClaimsSet claims, RSAKey signer) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new RSASSASigner(signer.toRSAPrivateKey(), true));
    return jwt.serialize();
  }
}
