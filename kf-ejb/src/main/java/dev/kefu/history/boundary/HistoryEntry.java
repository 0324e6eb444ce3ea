package dev.kefu.history.boundary;

import java.time.Instant;

/**
 * One line of a conversation's full transcript for the back office: a message (of the visitor, an
 * agent or a bot), a system line, or an internal note of staff; a message may carry a file.
 *
 * @param kind {@code message}, {@code system} or {@code note}
 * @param sender {@code visitor}, {@code agent}, {@code bot}, {@code system}; for a note {@code
 *     agent}
 */
public record HistoryEntry(
    String kind,
    Instant at,
    String sender,
    String senderName,
    String text,
    String fileId,
    String fileName,
    String fileType,
    Long fileSize) {}
