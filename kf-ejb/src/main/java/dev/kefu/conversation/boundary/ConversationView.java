package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.Conversation;
import dev.kefu.visitor.entity.Visitor;

/** A conversation with the visitor it is with, as the agent console shows it. */
public record ConversationView(Conversation conversation, Visitor visitor) {}
