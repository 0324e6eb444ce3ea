package dev.kefu.web.control;

import dev.kefu.conversation.boundary.TranscriptLine;
import dev.kefu.conversation.boundary.TranscriptPage;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A conversation as a plain-text file for the visitor: a heading, then one line per message with
 * its time (UTC) and who wrote it, in the visitor's language (Chinese for a {@code zh…} locale,
 * English otherwise). Written page by page as the pages are read, so the text is never whole in
 * memory; it holds only what the visitor saw in the chat.
 */
public final class TranscriptText {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final boolean zh;

  public TranscriptText(String locale) {
    this.zh = locale != null && locale.toLowerCase(Locale.ROOT).startsWith("zh");
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
        .append(TIME.format(first.startedAt()))
        .append("\n\n");
  }

  /** One message on a line of its own; the further lines of its text are indented. */
  public void writeLine(TranscriptLine line, Writer out) throws IOException {
    String who =
        switch (line.sender()) {
          case VISITOR -> zh ? "我" : "Me";
          case AGENT -> named(line.senderName(), zh ? "客服" : "Agent");
          case BOT -> named(line.senderName(), zh ? "机器人" : "Bot");
          case SYSTEM -> "—";
        };
    out.append('[')
        .append(TIME.format(line.at()))
        .append("] ")
        .append(who)
        .append(": ")
        .append(line.text().replace("\n", "\n    "))
        .append('\n');
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
