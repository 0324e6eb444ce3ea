package dev.kefu.conversation.boundary;

import java.util.List;

/**
 * Several visitors' first messages opened conversations together, stored and flushed in one
 * transaction under the locks of their departments ({@link Messages#openFromVisitors}): each is to
 * be assigned or queued now, as one {@link ConversationOpened} would be, in the order given, which
 * is the order they were opened in. Routing reads a department's agents and queue once for all of
 * them. Observed synchronously; not an event for the edge.
 */
public record ConversationsOpened(List<ConversationOpened> conversations) {

  public ConversationsOpened {
    conversations = List.copyOf(conversations);
  }
}
