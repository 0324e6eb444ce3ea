package dev.kefu.inbox.boundary;

import dev.kefu.inbox.entity.OfflineMessage;

/**
 * A visitor left a message, stored and flushed, in the transaction that stores it: for the
 * components above that act in the same transaction (webhooks write their deliveries there). A
 * message sent again after a lost answer, which is stored once, fires this once.
 */
public record MessageLeft(OfflineMessage message) {}
