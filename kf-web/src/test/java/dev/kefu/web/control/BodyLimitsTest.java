package dev.kefu.web.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.web.control.BodyLimits.Destination;
import org.junit.jupiter.api.Test;

class BodyLimitsTest {

  private final BodyLimits limits = new BodyLimits(262_144, 8192, 1_048_576);

  @Test
  void theSignInHasTheSmallLimitHoweverItsPathIsWritten() {
    assertThat(limits.of("POST", "/api/v1/auth/login", "application/json")).isEqualTo(8192);
    assertThat(limits.of("POST", "/api/v1//auth/login/", "application/x-www-form-urlencoded"))
        .isEqualTo(8192);
  }

  @Test
  void otherApiCallsHaveTheGeneralLimit() {
    assertThat(limits.of("PUT", "/api/v1/sites/s-1/widget", "application/json")).isEqualTo(262_144);
    assertThat(limits.of("GET", "/api/v1/files/f-1", null)).isEqualTo(262_144);
    assertThat(limits.of("POST", "/api/v2/anything", null)).isEqualTo(262_144);
  }

  @Test
  void fileUploadsAreBoundedByTheFileStoreUnlessDressedAsForms() {
    assertThat(BodyLimits.destination("POST", "/api/v1/files", "application/octet-stream"))
        .isEqualTo(Destination.FILE_UPLOAD);
    assertThat(limits.of("POST", "/api/v1/files", "image/png")).isEqualTo(-1);
    assertThat(limits.of("POST", "/api/v1/files", "application/x-www-form-urlencoded"))
        .isEqualTo(262_144);
    assertThat(limits.of("POST", "/api/v1/files", "multipart/form-data; boundary=x"))
        .isEqualTo(262_144);
  }

  @Test
  void aTenantsImportIsReadAsItComesLikeAnUpload() {
    assertThat(limits.of("POST", "/api/v1/tenants/import", "application/zip")).isEqualTo(-1);
    assertThat(limits.of("POST", "/api/v1//tenants/import/", "application/octet-stream"))
        .isEqualTo(-1);
    assertThat(limits.of("GET", "/api/v1/tenants/import", null)).isEqualTo(262_144);
    assertThat(limits.of("POST", "/api/v1/tenants/import", "application/x-www-form-urlencoded"))
        .isEqualTo(262_144);
  }

  @Test
  void pagesHaveTheConsoleLimitAndOnlyAnnouncedLengths() {
    assertThat(limits.of("POST", "/admin/sites.xhtml", "application/x-www-form-urlencoded"))
        .isEqualTo(1_048_576);
    assertThat(BodyLimits.parsedByContainer("POST", "/admin/sites.xhtml", null)).isTrue();
    assertThat(BodyLimits.parsedByContainer("POST", "/signin.html", "text/plain")).isTrue();
  }

  @Test
  void formPostsAreParsedByTheContainerEvenOnTheApi() {
    assertThat(
            BodyLimits.parsedByContainer(
                "POST", "/api/v1/auth/login", "application/x-www-form-urlencoded"))
        .isTrue();
    assertThat(BodyLimits.parsedByContainer("POST", "/api/v1/auth/login", "application/json"))
        .isFalse();
  }
}
