package dev.kefu.web.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BusinessRefusalsTest {

  @Test
  void aConflictIsAnsweredAsOne() {
    assertThat(BusinessRefusals.status("conflict")).isEqualTo(409);
    assertThat(BusinessRefusals.status("conversation_closed")).isEqualTo(409);
  }

  @Test
  void aSharedReplyKeptByOthersIsForbidden() {
    assertThat(BusinessRefusals.status("forbidden")).isEqualTo(403);
  }

  @Test
  void aFileRefusedForItsSizeOrTypeSaysWhich() {
    assertThat(BusinessRefusals.status("file_too_large")).isEqualTo(413);
    assertThat(BusinessRefusals.status("file_type_refused")).isEqualTo(415);
  }

  @Test
  void anyOtherRuleBrokenIsABadRequest() {
    assertThat(BusinessRefusals.status("bad_request")).isEqualTo(400);
    assertThat(BusinessRefusals.status("prechat_invalid")).isEqualTo(400);
    assertThat(BusinessRefusals.status("mail_disabled")).isEqualTo(400);
    assertThat(BusinessRefusals.status("no_email")).isEqualTo(400);
    assertThat(BusinessRefusals.status(null)).isEqualTo(400);
  }
}
