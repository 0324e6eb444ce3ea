package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.Message;
import java.util.List;

/** A conversation with every message the visitor saw in it, in order. */
public record Transcript(Conversation conversation, List<Message> messages) {}
