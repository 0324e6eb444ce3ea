package dev.kefu.conversation.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.Message;
import dev.kefu.shared.NotFoundException;
import dev.kefu.tenant.entity.WidgetSettings;
import dev.kefu.visitor.entity.PageView;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the staff of a conversation may know of its visitor beyond it: the pages they opened, and
 * their earlier conversations (read-only). Whoever may see the conversation ({@link
 * ConversationAccess#visibleTo}) may see these; nobody else learns even that they exist.
 */
@Stateless
public class VisitorHistory {

  private static final int MAX_PAGES = 100;
  private static final int MAX_PREVIOUS = 50;

  @PersistenceContext private EntityManager em;
  @Inject private ConversationAccess access;
  @Inject private Messages messages;

  /**
   * An earlier conversation of the visitor, with the name of the agent who had it last and its
   * site's pre-chat form (for the labels of the visitor's answers then).
   */
  public record Previous(
      Conversation conversation, String agentName, List<WidgetSettings.Field> prechatForm) {}

  /** The visitor's latest page views, oldest first. */
  public List<PageView> pages(String agentId, String conversationId) {
    Conversation conversation = access.visibleTo(agentId, conversationId);
    List<PageView> latest =
        new ArrayList<>(
            em.createQuery(
                    "select p from PageView p where p.visitorId = :v"
                        + " order by p.viewedAt desc, p.id desc",
                    PageView.class)
                .setParameter("v", conversation.visitorId())
                .setMaxResults(MAX_PAGES)
                .getResultList());
    Collections.reverse(latest);
    return latest;
  }

  /** The visitor's other conversations, newest first. */
  public List<Previous> previous(String agentId, String conversationId) {
    Conversation conversation = access.visibleTo(agentId, conversationId);
    return em
        .createQuery(
            "select c from Conversation c where c.visitorId = :v and c.id <> :c"
                + " order by c.createdAt desc",
            Conversation.class)
        .setParameter("v", conversation.visitorId())
        .setParameter("c", conversation.id())
        .setMaxResults(MAX_PREVIOUS)
        .getResultList()
        .stream()
        .map(
            c -> {
              Agent agent = c.agentId() == null ? null : em.find(Agent.class, c.agentId());
              return new Previous(
                  c,
                  agent == null ? null : agent.displayName(),
                  ConversationView.of(em, c).prechatForm());
            })
        .toList();
  }

  /**
   * The messages of an earlier conversation of the same visitor, after {@code afterSeq}. Another
   * visitor's conversation answers as one that does not exist.
   */
  public List<Message> messagesOfPrevious(
      String agentId, String conversationId, String previousId, long afterSeq) {
    Conversation conversation = access.visibleTo(agentId, conversationId);
    Conversation previous = previousId == null ? null : em.find(Conversation.class, previousId);
    if (previous == null
        || !previous.visitorId().equals(conversation.visitorId())
        || !previous.tenantId().equals(conversation.tenantId())) {
      throw new NotFoundException("no such conversation");
    }
    return messages.after(previous.id(), afterSeq);
  }
}
