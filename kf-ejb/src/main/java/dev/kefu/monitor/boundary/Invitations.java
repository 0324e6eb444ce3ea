package dev.kefu.monitor.boundary;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Agent;
import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.VisitorInvited;
import dev.kefu.protection.boundary.Blocks;
import dev.kefu.shared.RuleViolation;
import dev.kefu.visitor.boundary.Visitors;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * A member of staff invites a visitor on the sites to chat: the visitor's widget opens with the
 * invitation ({@link VisitorInvited}, on whichever node their socket is), and the conversation the
 * visitor opens in answer within {@link Visitor#INVITATION_STANDS} goes to the one who invited them
 * when they can take it then (online, a place free), else wherever routing sends it.
 */
@Stateless
public class Invitations {

  /** The longest greeting an invitation may carry. */
  public static final int MAX_TEXT = 1000;

  @Inject private Agents agents;
  @Inject private Visitors visitors;
  @Inject private Conversations conversations;
  @Inject private Blocks blocks;
  @Inject private Event<KefuEvent> events;

  /**
   * Invites the visitor in the agent's name with {@code text} (null or blank: the widget's own
   * words). A visitor of another tenant answers as one that does not exist; {@code visitor_offline}
   * when the visitor is not on the sites now, {@code already_chatting} when they have an open
   * conversation, {@code visitor_blocked} when they are blocked.
   */
  public void invite(String agentId, String visitorId, String text) {
    Agent agent = agents.get(agentId);
    String greeting = text == null || text.isBlank() ? null : text.strip();
    if (greeting != null && greeting.length() > MAX_TEXT) {
      throw new RuleViolation(
          "text_too_long", "the invitation is at most " + MAX_TEXT + " characters", "text");
    }
    Visitor visitor = visitors.invite(agent.tenantId(), visitorId, agent.id());
    if (visitor.disconnectedAt().isPresent()) {
      throw new RuleViolation("visitor_offline", "the visitor is not on the site now");
    }
    if (conversations.openOf(visitor.id()).isPresent()) {
      throw new RuleViolation("already_chatting", "the visitor is chatting already");
    }
    if (blocks.isBlocked(agent.tenantId(), visitor.id())) {
      throw new RuleViolation("visitor_blocked", "the visitor is blocked");
    }
    events.fire(new VisitorInvited(visitor.id(), agent.displayName(), greeting));
  }
}
