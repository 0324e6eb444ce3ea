package dev.kefu.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.events.MessagePosted;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FramesTest {

  @Test
  void escapesTextInsteadOfPassingItThrough() {
    String frame =
        Frames.msg(
            "c-1", 3, "visitor", null, "\"</script><b>\"\n", Instant.parse("2026-11-24T08:15:30Z"));
    assertThat(frame)
        .startsWith("{\"type\":\"msg\",\"conversationId\":\"c-1\",\"seq\":3,")
        .contains("\"sender\":{\"type\":\"visitor\",\"name\":null}")
        .contains("\\\"</script><b>\\\"\\n");
  }

  @Test
  void aMessageWithAFileCarriesItsDescriptionAndDownloadAddress() {
    String frame =
        Frames.msg(
            "c-1",
            4,
            "agent",
            "Wang",
            "",
            Instant.parse("2026-11-24T08:15:30Z"),
            new MessagePosted.Attachment("f-9", "发票.pdf", 1234, "application/pdf"));
    assertThat(frame)
        .contains("\"text\":\"\"")
        .contains(
            "\"file\":{\"id\":\"f-9\",\"name\":\"发票.pdf\",\"size\":1234,"
                + "\"contentType\":\"application/pdf\",\"url\":\"/api/v1/files/f-9\"}");
    assertThat(Frames.msg("c-1", 5, "agent", "Wang", "hi", Instant.parse("2026-11-24T08:15:30Z")))
        .doesNotContain("file");
  }

  @Test
  void anErrorCarriesItsCodeMessageAndReference() {
    assertThat(Frames.error("bad_request", "text must not be empty", "3f6c"))
        .isEqualTo(
            "{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"text must not be empty\",\"ref\":\"3f6c\"}");
    assertThat(Frames.error("unauthorized", "no", null)).doesNotContain("ref");
    assertThat(Frames.error("unauthorized", "no", null)).doesNotContain("field");
  }

  @Test
  void anErrorAboutOneFieldNamesIt() {
    assertThat(Frames.error("bad_request", "\"contact\" must be one", "m-1", "contact"))
        .isEqualTo(
            "{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"\\\"contact\\\" must be one\","
                + "\"ref\":\"m-1\",\"field\":\"contact\"}");
  }
}
