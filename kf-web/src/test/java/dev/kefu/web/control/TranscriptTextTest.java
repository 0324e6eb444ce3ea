package dev.kefu.web.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.conversation.boundary.TranscriptLine;
import dev.kefu.conversation.boundary.TranscriptPage;
import dev.kefu.conversation.entity.SenderType;
import dev.kefu.tenant.entity.WidgetSettings;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
            [2026-11-26 14:00:04 UTC] Kefu: moved
            [2026-11-26 14:00:05 UTC] Bot: beep
            """);
  }

  @Test
  void thePrechatAnswersComeFirstUnderTheFormsLabelsAndBuiltInOnesInTheVisitorsLanguage()
      throws Exception {
    TranscriptPage answered =
        new TranscriptPage(
            "c-1",
            START,
            List.of(),
            List.of(
                new WidgetSettings.Answer("phone", "phone", "", "138 0000 0000"),
                new WidgetSettings.Answer("order", "text", "Order number", "A-42"),
                new WidgetSettings.Answer("gone", "text", "", "kept\nas text")));
    StringWriter english = new StringWriter();
    new TranscriptText("en").writeHeading(answered, english);
    assertThat(english.toString())
        .isEqualTo(
            """
            Chat transcript c-1
            Started 2026-11-26 14:00:00 UTC

            Before the chat you told us:
              Phone: 138 0000 0000
              Order number: A-42
              gone: kept
                as text

            """);
    StringWriter chinese = new StringWriter();
    new TranscriptText("zh-CN").writeHeading(answered, chinese);
    assertThat(chinese.toString()).contains("聊天前填写的信息：\n  电话：138 0000 0000\n  Order number：A-42\n");
  }

  @Test
  void aChineseLocaleGetsTheTranscriptInChineseAndAnyOtherInEnglish() throws Exception {
    assertThat(written("zh-TW"))
        .startsWith("聊天记录 c-1\n开始于 2026-11-26 14:00:00 UTC\n")
        .contains("] 我: hello")
        .contains("] 客服: still here")
        .contains("] 机器人: beep")
        .contains("] 系统: moved");
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

  @Test
  void aFileIsNamedInItsLineAndAnImageIsCalledOne() throws Exception {
    StringWriter english = new StringWriter();
    TranscriptText text = new TranscriptText("en");
    text.writeLine(
        new TranscriptLine(6, START, SenderType.VISITOR, null, "", "photo.png", "image/png"),
        english);
    text.writeLine(
        new TranscriptLine(
            7, START, SenderType.AGENT, "Wang", "Your invoice", "invoice.pdf", "application/pdf"),
        english);
    assertThat(english.toString())
        .isEqualTo(
            """
            [2026-11-26 14:00:00 UTC] Me: [Image: photo.png]
            [2026-11-26 14:00:00 UTC] Wang: [File: invoice.pdf] Your invoice
            """);
    StringWriter chinese = new StringWriter();
    new TranscriptText("zh-CN")
        .writeLine(
            new TranscriptLine(6, START, SenderType.VISITOR, null, "", "照片.png", "image/png"),
            chinese);
    assertThat(chinese.toString()).endsWith("] 我: [图片：照片.png]\n");
  }

  @Test
  void timesAreInTheVisitorsTimeZoneNamedInEachLine() throws Exception {
    StringWriter out = new StringWriter();
    TranscriptText text = new TranscriptText("zh-CN", "Asia/Shanghai");
    text.writeHeading(PAGE, out);
    text.writeLine(PAGE.lines().get(0), out);
    assertThat(out.toString())
        .contains("开始于 2026-11-26 22:00:00 Asia/Shanghai")
        .contains("[2026-11-26 22:00:01 Asia/Shanghai] 我: hello");
  }

  @Test
  void aTimeZoneThatIsNoIanaZoneIdFallsBackToUtc() {
    assertThat(TranscriptText.zoneOf("Europe/Berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(TranscriptText.zoneOf("UTC")).isEqualTo(ZoneId.of("UTC"));
    for (String refused :
        new String[] {
          null,
          "",
          "+08:00",
          "GMT+8x",
          "Mars/Olympus",
          "../../etc/passwd",
          "Asia/Shanghai\n",
          "Europe/Berlin'",
          "x".repeat(100)
        }) {
      assertThat(TranscriptText.zoneOf(refused))
          .as(String.valueOf(refused))
          .isEqualTo(ZoneOffset.UTC);
    }
  }
}
