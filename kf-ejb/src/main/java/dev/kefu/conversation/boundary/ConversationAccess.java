package dev.kefu.conversation.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.shared.NotFoundException;
import dev.kefu.tenant.boundary.TenantFilter;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.Optional;

/**
 * Who may see, write in and manage a conversation. Every rule answers a conversation that the
 * caller may not reach exactly as one that does not exist ({@link NotFoundException}), so that
 * nobody learns of another's conversations by trying ids.
 */
@Stateless
public class ConversationAccess {

  @PersistenceContext private EntityManager em;
  @Inject private Memberships memberships;

  /** The visitor's own conversation; another's answers as if it did not exist. */
  public Conversation ofVisitor(String visitorId, String conversationId) {
    return ownedBy(visitorId, conversationId)
        .orElseThrow(() -> new NotFoundException("no such conversation"));
  }

  /**
   * As {@link #ofVisitor}, for a caller that goes on without it: empty, rather than a refusal that
   * would end the caller's transaction.
   */
  public Optional<Conversation> ownedBy(String visitorId, String conversationId) {
    // Without the tenant filter, so that the load is built once: every returning visitor's hello
    // asks. The conversation is the visitor's, and the visitor is of the scope's tenant.
    return conversationId == null
        ? Optional.empty()
        : TenantFilter.find(em, Conversation.class, conversationId, Conversation::tenantId)
            .filter(conversation -> conversation.visitorId().equals(visitorId));
  }

  /**
   * Loads these conversations in one statement, for a group of hellos greeted in one transaction
   * whose visitors each resume one: what {@link #ownedBy} then looks up for each is already loaded.
   */
  public void preload(Collection<String> conversationIds) {
    TenantFilter.preload(em, Conversation.class, conversationIds);
  }

  /**
   * A conversation the member of staff may see and manage (watch its history, close it, hand it
   * on): one assigned to them; as a supervisor also any of their departments; as an admin any of
   * their tenant. Any other answers exactly as if it did not exist. Writing in a conversation stays
   * with the agent it is assigned to ({@link #ofAgent}).
   */
  public Conversation visibleTo(String agentId, String conversationId) {
    return reachable(agentId, conversationId, true);
  }

  /**
   * A conversation the member of staff supervises: one of a department they supervise, or any of
   * their tenant for an admin; whether it is assigned to them does not count.
   */
  public Conversation supervised(String agentId, String conversationId) {
    return reachable(agentId, conversationId, false);
  }

  private Conversation reachable(String agentId, String conversationId, boolean ownCounts) {
    Agent agent = agentId == null ? null : em.find(Agent.class, agentId);
    Conversation conversation =
        agent == null || conversationId == null
            ? null
            : em.find(Conversation.class, conversationId);
    if (conversation == null
        || !conversation.tenantId().equals(agent.tenantId())
        || !((ownCounts && conversation.isAssignedTo(agentId))
            || Role.covers(agent.roles(), Role.ADMIN)
            || (Role.covers(agent.roles(), Role.SUPERVISOR)
                && memberships.isMember(agentId, conversation.departmentId())))) {
      throw new NotFoundException("no such conversation");
    }
    return conversation;
  }

  /** A conversation assigned to the agent; any other answers as if it did not exist. */
  public Conversation ofAgent(String agentId, String conversationId) {
    Conversation conversation =
        conversationId == null ? null : em.find(Conversation.class, conversationId);
    if (conversation == null || !conversation.isAssignedTo(agentId)) {
      throw new NotFoundException("no such conversation");
    }
    return conversation;
  }

  /**
   * As {@link #ofAgent}, read under the conversation's row lock: the agent is about to write in it.
   */
  public Conversation lockedForAgent(String agentId, String conversationId) {
    Conversation conversation =
        conversationId == null
            ? null
            : TenantFilter.find(
                    em,
                    Conversation.class,
                    conversationId,
                    LockModeType.PESSIMISTIC_WRITE,
                    Conversation::tenantId)
                .orElse(null);
    if (conversation == null || !conversation.isAssignedTo(agentId)) {
      throw new NotFoundException("no such conversation");
    }
    return conversation;
  }
}
