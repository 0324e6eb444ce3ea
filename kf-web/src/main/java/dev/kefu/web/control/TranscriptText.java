package dev.kefu.web.control;

import dev.kefu.conversation.boundary.TranscriptLine;
import dev.kefu.conversation.boundary.TranscriptPage;
import dev.kefu.tenant.entity.WidgetSettings;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A conversation as a plain-text file for the visitor: a heading, then one line per message with
 * its time and who wrote it, in the visitor's language (Chinese for a {@code zh…} locale, English
 * otherwise) and time zone (an IANA zone id such as {@code Asia/Shanghai}, which the widget knows;
 * UTC for none or any other text). A file is named in its line, and what Kefu itself wrote (a
 * transfer) is Kefu's. The visitor's pre-chat answers come first, under the form's labels. Written
 * page by page as the pages are read, so the text is never whole in memory; it holds only what the
 * visitor saw in the chat.
 */
public final class TranscriptText {

  private static final Pattern ZONE_ID =
      Pattern.compile("[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+){0,2}");

  private final boolean zh;
  private final DateTimeFormatter time;

  public TranscriptText(String locale) {
    this(locale, null);
  }

  public TranscriptText(String locale, String timeZone) {
    this.zh = locale != null && locale.toLowerCase(Locale.ROOT).startsWith("zh");
    ZoneId zone = zoneOf(timeZone);
    this.time =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '" + label(zone) + "'").withZone(zone);
  }

  /**
   * The IANA time zone a visitor named ({@code Europe/Berlin}, {@code UTC}), or UTC for none, an
   * unknown one, or anything else ({@code +08:00}, text that is no zone id at all).
   */
  public static ZoneId zoneOf(String timeZone) {
    if (timeZone == null
        || timeZone.length() > 64
        || !ZONE_ID.matcher(timeZone).matches()
        || !ZoneId.getAvailableZoneIds().contains(timeZone)) {
      return ZoneOffset.UTC;
    }
    return ZoneId.of(timeZone);
  }

  private static String label(ZoneId zone) {
    return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
  }

  /** The name the visitor's browser saves the transcript under. */
  public static String fileName(String conversationId) {
    return "kefu-" + conversationId + ".txt";
  }

  /** What the file starts with: which conversation, and since when. */
  public void writeHeading(TranscriptPage first, Writer out) throws IOException {
    out.append(zh ? "聊天记录 " : "Chat transcript ")
        .append(first.conversationId())
        .append('\n')
        .append(zh ? "开始于 " : "Started ")
        .append(time.format(first.startedAt()))
        .append("\n\n");
    if (!first.prechat().isEmpty()) {
      out.append(zh ? "聊天前填写的信息：" : "Before the chat you told us:").append('\n');
      for (WidgetSettings.Answer answer : first.prechat()) {
        out.append("  ")
            .append(labelOf(answer))
            .append(zh ? "：" : ": ")
            .append(answer.value().replace("\n", "\n    "))
            .append('\n');
      }
      out.append('\n');
    }
  }

  /**
   * An answer's label as the form gave it; a built-in field's in the visitor's language, as the
   * widget asked for it; an answer to a field the form no longer has, under its key.
   */
  private String labelOf(WidgetSettings.Answer answer) {
    if (!answer.label().isEmpty()) {
      return answer.label();
    }
    return switch (answer.type()) {
      case "name" -> zh ? "姓名" : "Name";
      case "email" -> zh ? "邮箱" : "Email";
      case "phone" -> zh ? "电话" : "Phone";
      default -> answer.key();
    };
  }

  /** One message on a line of its own; the further lines of its text are indented. */
  public void writeLine(TranscriptLine line, Writer out) throws IOException {
    String who =
        switch (line.sender()) {
          case VISITOR -> zh ? "我" : "Me";
          case AGENT -> named(line.senderName(), zh ? "客服" : "Agent");
          case BOT -> named(line.senderName(), zh ? "机器人" : "Bot");
          case SYSTEM -> zh ? "系统" : "Kefu";
        };
    out.append('[').append(time.format(line.at())).append("] ").append(who).append(": ");
    if (line.fileName() != null) {
      out.append('[')
          .append(line.carriesImage() ? (zh ? "图片" : "Image") : (zh ? "文件" : "File"))
          .append(zh ? "：" : ": ")
          .append(line.fileName())
          .append(']');
      if (!line.text().isEmpty()) {
        out.append(' ');
      }
    }
    out.append(line.text().replace("\n", "\n    ")).append('\n');
  }

  /** The last line of a transcript that ends early, because its download took too long. */
  public void writeCutOff(int seconds, Writer out) throws IOException {
    out.append(
        zh
            ? "\n（下载超过 " + seconds + " 秒，聊天记录在此截断。请重新下载。）\n"
            : "\n(The download took longer than "
                + seconds
                + " s; the transcript is cut off here. Please download it again.)\n");
  }

  private static String named(String name, String fallback) {
    return name == null || name.isBlank() ? fallback : name;
  }
}
