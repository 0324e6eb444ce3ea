package dev.kefu.web.control.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Where the provider's callback sends the browser: the sign-in page's rule for {@code next}. */
class OidcSignInNextTest {

  @Test
  void aPathOfTheApplicationIsKept() {
    assertThat(OidcSignIn.safeNext(requestAt("/kefu"), "/kefu/admin/")).isEqualTo("/kefu/admin/");
  }

  @Test
  void aLineBreakOrAnotherSiteLeadsToTheAgentConsole() {
    assertThat(OidcSignIn.safeNext(requestAt("/kefu"), "/kefu/agent/\r\nLocation: //evil.example"))
        .isEqualTo("/kefu/agent/");
    assertThat(OidcSignIn.safeNext(requestAt(""), "/agent/\u0000")).isEqualTo("/agent/");
    assertThat(OidcSignIn.safeNext(requestAt(""), "//evil.example/")).isEqualTo("/agent/");
  }

  private static HttpServletRequest requestAt(String contextPath) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            OidcSignInNextTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getContextPath")) {
                return contextPath;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
