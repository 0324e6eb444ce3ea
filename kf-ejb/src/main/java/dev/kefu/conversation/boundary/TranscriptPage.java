package dev.kefu.conversation.boundary;

import dev.kefu.tenant.entity.WidgetSettings;
import java.time.Instant;
import java.util.List;

/**
 * A page of the visitor's transcript: the conversation it is of, and at most {@link
 * Transcripts#PAGE_SIZE} of its messages in order. Internal notes are never in it. The first page
 * also holds the visitor's pre-chat answers ({@code prechat}) under the labels of the site's form,
 * as the agent sees them (other than name and e-mail, which are the visitor's); further pages none.
 */
public record TranscriptPage(
    String conversationId,
    Instant startedAt,
    List<TranscriptLine> lines,
    List<WidgetSettings.Answer> prechat) {

  public TranscriptPage {
    prechat = prechat == null ? List.of() : List.copyOf(prechat);
  }

  public TranscriptPage(String conversationId, Instant startedAt, List<TranscriptLine> lines) {
    this(conversationId, startedAt, lines, List.of());
  }

  /** Whether a further page may follow: this one was full. */
  public boolean hasMore() {
    return lines.size() >= Transcripts.PAGE_SIZE;
  }

  /** The {@code seq} the next page starts after. */
  public long lastSeq() {
    return lines.isEmpty() ? 0 : lines.get(lines.size() - 1).seq();
  }
}
