package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.MessageText;
import dev.kefu.tenant.boundary.GroupCommit;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The group commit of text messages: the messages that arrive while the node is storing others are
 * stored together, in one transaction, and each is acknowledged after that commit.
 *
 * <p>A message stored alone costs a transaction of its own: the container's work around it, a
 * commit, a write of the database's log, and a round trip to the database for each of its
 * statements. Under load most of a node's messages arrive while others are being stored, so a few
 * writer threads ({@code kf.messages.writers}, 2 for visitors' messages and 2 for agents') each
 * take every waiting message and store them with {@link Messages#postTextsFromVisitors} or {@link
 * Messages#postTextsFromAgents} ({@link GroupCommit}). The socket's thread waits for its message's
 * commit, so a client's frames are still handled one after the other, and nothing is acknowledged
 * before it is stored.
 *
 * <p>A visitor's message that finds no open conversation opens one: such first messages of visitors
 * arriving together are stored in groups of their own ({@link Messages#openFromVisitors}), by as
 * many writers again, where routing reads each department's agents and queue once for the group
 * instead of once for each arrival. What a group cannot hold is posted alone, as before: one with a
 * file or a pre-chat form (the sockets never send those here), and each message of a group refused
 * as a whole. {@code kf.messages.writers=0} posts every message alone.
 */
@ApplicationScoped
public class TextGroups {

  @Resource ManagedThreadFactory threads;
  @Inject Messages messages;

  @Inject
  @ConfigProperty(name = "kf.messages.writers", defaultValue = "2")
  int writers;

  private GroupCommit<VisitorText, Posted> visitors;
  private GroupCommit<AgentText, Posted> agents;
  private GroupCommit<VisitorText, Posted> arrivals;

  @PostConstruct
  void start() {
    if (writers > 0 && threads != null) {
      visitors = new GroupCommit<>(writers, threads, messages::postTextsFromVisitors);
      agents = new GroupCommit<>(writers, threads, messages::postTextsFromAgents);
      arrivals = new GroupCommit<>(writers, threads, messages::openFromVisitors);
    }
  }

  @PreDestroy
  void stop() {
    if (visitors != null) {
      visitors.stop();
      agents.stop();
      arrivals.stop();
    }
  }

  /**
   * Stores a visitor's text message, as {@link Messages#postFromVisitor(String, String, String,
   * String)} does, in the group of messages being stored with it; returns after its commit. Called
   * in the visitor's tenant scope. {@code opening}: the caller expects it to open a conversation
   * (the visitor had none when the socket last knew), so it goes to the arrivals' group first; a
   * wrong guess costs a detour, nothing else.
   */
  public Posted postFromVisitor(
      String visitorId, String clientMsgId, String text, String origin, boolean opening) {
    checked(clientMsgId, text);
    if (visitors == null) {
      return messages.postFromVisitor(visitorId, clientMsgId, text, origin);
    }
    VisitorText posting = new VisitorText(visitorId, clientMsgId, text, origin);
    // A group answers null for what it does not hold: the arrivals' for a visitor with an open
    // conversation, the texts' for one without (or either for a group refused as a whole).
    Posted posted = opening ? arrivals.submit(posting) : visitors.submit(posting);
    if (posted == null) {
      posted = opening ? visitors.submit(posting) : arrivals.submit(posting);
    }
    return posted != null ? posted : messages.postFromVisitor(visitorId, clientMsgId, text, origin);
  }

  /**
   * Stores an agent's text message, as {@link Messages#postFromAgent(String, String, String,
   * String, String)} does, in the group of messages being stored with it; returns after its commit.
   * Called in the agent's tenant scope.
   */
  public Posted postFromAgent(
      String agentId, String conversationId, String clientMsgId, String text, String origin) {
    checked(clientMsgId, text);
    Posted posted =
        agents == null || conversationId == null
            ? null
            : agents.submit(new AgentText(agentId, conversationId, clientMsgId, text, origin));
    return posted != null
        ? posted
        : messages.postFromAgent(agentId, conversationId, clientMsgId, text, origin);
  }

  /** What is wrong with the frame itself is answered here, not by refusing the whole group. */
  private static void checked(String clientMsgId, String text) {
    MessageText.checkedClientMsgId(clientMsgId);
    MessageText.checked(text);
  }
}
