package dev.kefu.web.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.conversation.boundary.TranscriptLine;
import dev.kefu.conversation.boundary.TranscriptPage;
import dev.kefu.conversation.entity.SenderType;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTextTest {

  static final Instant START = Instant.parse("2026-11-26T14:00:00.250Z");

  static final TranscriptPage PAGE =
      new TranscriptPage(
          "c-1",
          START,
          List.of(
              new TranscriptLine(1, START.plusSeconds(1), SenderType.VISITOR, "Li", "hello"),
              new TranscriptLine(2, START.plusSeconds(2), SenderType.AGENT, "Wang", "Hi\nthere"),
              new TranscriptLine(3, START.plusSeconds(3), SenderType.AGENT, null, "still here"),
              new TranscriptLine(4, START.plusSeconds(4), SenderType.SYSTEM, null, "moved"),
              new TranscriptLine(5, START.plusSeconds(5), SenderType.BOT, " ", "beep")));

  private static String written(String locale) throws Exception {
    StringWriter out = new StringWriter();
    TranscriptText text = new TranscriptText(locale);
    text.writeHeading(PAGE, out);
    for (TranscriptLine line : PAGE.lines()) {
      text.writeLine(line, out);
    }
    return out.toString();
  }

  @Test
  void anEnglishTranscriptHasOneLinePerMessageWithTimeAndWriter() throws Exception {
    assertThat(written("en-GB"))
        .isEqualTo(
            """
            Chat transcript c-1
            Started 2026-11-26 14:00:00 UTC

            [2026-11-26 14:00:01 UTC] Me: hello
            [2026-11-26 14:00:02 UTC] Wang: Hi
                there
            [2026-11-26 14:00:03 UTC] Agent: still here
            [2026-11-26 14:00:04 UTC] —: moved
            [2026-11-26 14:00:05 UTC] Bot: beep
            """);
  }

  @Test
  void aChineseLocaleGetsTheTranscriptInChineseAndAnyOtherInEnglish() throws Exception {
    assertThat(written("zh-TW"))
        .startsWith("聊天记录 c-1\n开始于 2026-11-26 14:00:00 UTC\n")
        .contains("] 我: hello")
        .contains("] 客服: still here")
        .contains("] 机器人: beep");
    assertThat(written(null)).startsWith("Chat transcript c-1");
    assertThat(written("fr")).contains("] Me: hello");
  }

  @Test
  void aTranscriptCutOffSaysSoInItsLanguage() throws Exception {
    StringWriter english = new StringWriter();
    new TranscriptText("en").writeCutOff(120, english);
    assertThat(english.toString()).contains("longer than 120 s").contains("cut off");
    StringWriter chinese = new StringWriter();
    new TranscriptText("zh-CN").writeCutOff(120, chinese);
    assertThat(chinese.toString()).contains("120 秒").contains("截断");
  }

  @Test
  void theFileIsNamedAfterTheConversation() {
    assertThat(TranscriptText.fileName("c-1")).isEqualTo("kefu-c-1.txt");
  }
}
