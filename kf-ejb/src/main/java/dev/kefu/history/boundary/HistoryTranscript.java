package dev.kefu.history.boundary;

import dev.kefu.tenant.entity.WidgetSettings;
import java.util.List;

/**
 * A conversation as the back office opens it: its row, the visitor's pre-chat answers under the
 * form's labels ({@code prechat}), and every line in time order, notes among the messages. At most
 * {@link ConversationHistory#MAX_LINES} lines; {@code truncated} says there were more.
 */
public record HistoryTranscript(
    HistoryRow conversation,
    List<WidgetSettings.Answer> prechat,
    List<HistoryEntry> lines,
    boolean truncated) {}
