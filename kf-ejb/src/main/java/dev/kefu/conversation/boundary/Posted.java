package dev.kefu.conversation.boundary;

import java.time.Instant;

/**
 * The acknowledgement of a stored message: where it was stored, and whether it had been stored
 * already under the same client message id.
 */
public record Posted(
    String clientMsgId, String conversationId, long seq, Instant at, boolean duplicate) {}
