package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.SenderType;
import java.time.Instant;

/**
 * One message of a transcript as the visitor saw it: read as these few columns rather than as an
 * entity, so a page of them costs its texts and nothing more. {@code fileName} and {@code fileType}
 * name the file the message carries (its name as shown in the chat, its content type), both null
 * for a message without one.
 */
public record TranscriptLine(
    long seq,
    Instant at,
    SenderType sender,
    String senderName,
    String text,
    String fileName,
    String fileType) {

  /** A message of text only. */
  public TranscriptLine(long seq, Instant at, SenderType sender, String senderName, String text) {
    this(seq, at, sender, senderName, text, null, null);
  }

  /** Whether the message carries an image (which the chat shows as a picture). */
  public boolean carriesImage() {
    return fileType != null && fileType.startsWith("image/");
  }
}
