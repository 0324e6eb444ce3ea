package dev.kefu.web.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReturnPathTest {

  private static final String HOME = "/kefu/agent/";

  @Test
  void aPathOfTheApplicationIsWhereTheBrowserGoes() {
    assertThat(ReturnPath.within("/kefu", "/kefu/admin/sites.xhtml?x=1", HOME))
        .isEqualTo("/kefu/admin/sites.xhtml?x=1");
    assertThat(ReturnPath.within("", "/agent/#c-1", "/agent/")).isEqualTo("/agent/#c-1");
  }

  @Test
  void anotherSiteOrAnotherApplicationIsNot() {
    assertThat(ReturnPath.within("/kefu", "https://evil.example/kefu/", HOME)).isEqualTo(HOME);
    assertThat(ReturnPath.within("", "//evil.example/", "/agent/")).isEqualTo("/agent/");
    assertThat(ReturnPath.within("", "/\\evil.example/", "/agent/")).isEqualTo("/agent/");
    assertThat(ReturnPath.within("/kefu", "/kefu\\..\\x", HOME)).isEqualTo(HOME);
    assertThat(ReturnPath.within("/kefu", "/other/", HOME)).isEqualTo(HOME);
    assertThat(ReturnPath.within("/kefu", "/kefuevil/", HOME)).isEqualTo(HOME);
    assertThat(ReturnPath.within("/kefu", null, HOME)).isEqualTo(HOME);
  }

  @Test
  void aControlCharacterAnywhereIsRefusedSoNothingEndsTheLocationHeader() {
    assertThat(ReturnPath.within("", "/agent/\r\nSet-Cookie: KFSESSION=x", "/agent/"))
        .isEqualTo("/agent/");
    assertThat(ReturnPath.within("", "/agent/\n", "/agent/")).isEqualTo("/agent/");
    assertThat(ReturnPath.within("", "/agent/\t", "/agent/")).isEqualTo("/agent/");
    assertThat(ReturnPath.within("", "/agent/\u0000", "/agent/")).isEqualTo("/agent/");
    assertThat(ReturnPath.within("", "/agent/\u007f", "/agent/")).isEqualTo("/agent/");
    assertThat(ReturnPath.within("", "/agent/会话", "/agent/")).isEqualTo("/agent/会话");
  }

  @Test
  void anOverlongPathIsRefused() {
    String path = "/agent/" + "a".repeat(ReturnPath.MAX_LENGTH);
    assertThat(ReturnPath.within("", path, "/agent/")).isEqualTo("/agent/");
    String justUnder = "/" + "a".repeat(ReturnPath.MAX_LENGTH - 2);
    assertThat(ReturnPath.within("", justUnder, "/agent/")).isEqualTo(justUnder);
  }
}
