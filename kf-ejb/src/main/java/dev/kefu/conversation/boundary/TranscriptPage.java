package dev.kefu.conversation.boundary;

import java.time.Instant;
import java.util.List;

/**
 * A page of the visitor's transcript: the conversation it is of, and at most {@link
 * Transcripts#PAGE_SIZE} of its messages in order. Internal notes are never in it.
 */
public record TranscriptPage(String conversationId, Instant startedAt, List<TranscriptLine> lines) {

  /** Whether a further page may follow: this one was full. */
  public boolean hasMore() {
    return lines.size() >= Transcripts.PAGE_SIZE;
  }

  /** The {@code seq} the next page starts after. */
  public long lastSeq() {
    return lines.isEmpty() ? 0 : lines.get(lines.size() - 1).seq();
  }
}
