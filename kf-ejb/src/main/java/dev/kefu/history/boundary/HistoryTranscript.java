package dev.kefu.history.boundary;

import java.util.List;

/**
 * A conversation as the back office opens it: its row and every line in time order, notes among the
 * messages. At most {@link ConversationHistory#MAX_LINES} lines; {@code truncated} says there were
 * more.
 */
public record HistoryTranscript(
    HistoryRow conversation, List<HistoryEntry> lines, boolean truncated) {}
