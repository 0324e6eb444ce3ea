package dev.kefu.chat.control;

import dev.kefu.conversation.boundary.Transcript;
import dev.kefu.conversation.entity.Message;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A conversation as a plain-text file for the visitor: one line per message with its time (UTC) and
 * who wrote it, in the visitor's language. Holds only what the visitor saw in the chat.
 */
public final class TranscriptText {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private TranscriptText() {}

  public static String fileName(Transcript transcript) {
    return "kefu-" + transcript.conversation().id() + ".txt";
  }

  /** The text, in Chinese for a {@code zh…} locale and in English otherwise. */
  public static String of(Transcript transcript, String locale) {
    boolean zh = locale != null && locale.toLowerCase(java.util.Locale.ROOT).startsWith("zh");
    StringBuilder text = new StringBuilder();
    text.append(zh ? "聊天记录 " : "Chat transcript ")
        .append(transcript.conversation().id())
        .append('\n')
        .append(zh ? "开始于 " : "Started ")
        .append(TIME.format(transcript.conversation().createdAt()))
        .append("\n\n");
    for (Message message : transcript.messages()) {
      text.append('[').append(TIME.format(message.createdAt())).append("] ");
      String who =
          switch (message.senderType()) {
            case VISITOR -> zh ? "我" : "Me";
            case AGENT -> named(message.senderName(), zh ? "客服" : "Agent");
            case BOT -> named(message.senderName(), zh ? "机器人" : "Bot");
            case SYSTEM -> "—";
          };
      text.append(who).append(": ").append(message.text().replace("\n", "\n    ")).append('\n');
    }
    return text.toString();
  }

  private static String named(String name, String fallback) {
    return name == null || name.isBlank() ? fallback : name;
  }
}
