package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.SenderType;
import java.time.Instant;

/**
 * One message of a transcript as the visitor saw it: read as these few columns rather than as an
 * entity, so a page of them costs its texts and nothing more.
 */
public record TranscriptLine(
    long seq, Instant at, SenderType sender, String senderName, String text) {}
