package dev.kefu.chat.boundary;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.boundary.CustomStatuses;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.AgentStatus;
import dev.kefu.chat.control.Admission;
import dev.kefu.chat.control.AgentFrameType;
import dev.kefu.chat.control.Frames;
import dev.kefu.chat.control.IncomingFrame;
import dev.kefu.chat.control.Replay;
import dev.kefu.cluster.boundary.ClusterPresence;
import dev.kefu.conversation.boundary.ConversationAccess;
import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.conversation.boundary.Messages;
import dev.kefu.conversation.boundary.Notes;
import dev.kefu.conversation.boundary.Posted;
import dev.kefu.conversation.boundary.Supervision;
import dev.kefu.conversation.boundary.TextGroups;
import dev.kefu.conversation.boundary.Transfers;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.Note;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent console's socket, {@code /ws/agent?ticket=<ticket>}. The handshake gate has redeemed
 * the single-use ticket; the socket acts for the agent it was issued to and sees only that agent's
 * conversations.
 */
@ServerEndpoint(value = "/ws/agent", configurator = EndpointInstances.class)
public class AgentEndpoint extends ChatEndpoint {

  private static final Logger LOG = Logger.getLogger(AgentEndpoint.class.getName());

  @Inject Agents agents;
  @Inject CustomStatuses customStatuses;
  @Inject Conversations conversations;
  @Inject ConversationAccess access;
  @Inject Messages messages;
  @Inject TextGroups texts;
  @Inject Transfers transfers;
  @Inject Notes notes;
  @Inject Supervision supervision;
  @Inject ClusterPresence presence;

  @OnOpen
  public void open(Session session) {
    if (admit(session, Admission.Side.AGENT)) {
      connections.addAgent(agentId(), connection);
      presence.consoleOpened(agentId());
    }
  }

  @OnMessage
  public void message(String text) {
    receive(text);
  }

  @OnMessage
  public void binary(ByteBuffer frame) {
    receiveBinary();
  }

  @OnClose
  public void close(Session session, CloseReason reason) {
    if (connection == null || !closed(reason)) {
      return;
    }
    int leftHere = connections.removeAgent(agentId(), connection);
    // A node that shuts down in a cluster (a rolling upgrade) closes its consoles only for them to
    // resume on another node: the agent has not left. Its count stays in Redis until it expires,
    // so that no node's presence sweep finds the agent on no node meanwhile; if they do not come
    // back anywhere, the sweep sets them offline then.
    if (drain.draining() && presence.clustered()) {
      return;
    }
    // With several nodes, a console of the agent on another node keeps them online.
    if (presence.consoleClosed(agentId(), leftHere) == 0) {
      try {
        inTenant(() -> agents.lostConnection(agentId()));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not mark agent " + agentId() + " offline", e);
      }
    }
  }

  @OnError
  public void error(Session session, Throwable failure) {
    LOG.log(Level.FINE, "agent socket error", failure);
  }

  @Override
  void hello(IncomingFrame frame) {
    for (Map.Entry<String, Long> entry : resumed(frame.array("resume")).entrySet()) {
      replay(entry.getKey(), entry.getValue());
    }
    Agent agent = agents.connected(agentId());
    List<ConversationView> assigned = conversations.assignedTo(agentId());
    connection.reply(
        Frames.agentWelcome(
            agent.id(),
            agent.displayName(),
            agent.status().wire(),
            agent.customStatusId().orElse(null),
            // A person not allowed the tenant's own statuses is offered the built-in ones only.
            agent.customStatusAllowed() ? customStatuses.of(agent.tenantId()) : List.of(),
            assigned,
            supervision.waitingFor(agentId())));
  }

  /**
   * The conversations a {@code hello} asks to resume, each once with the lowest {@code lastSeq} it
   * was named with: a conversation named twice is replayed once. More than the limit of
   * conversations is a bad request; nothing is replayed then.
   */
  private Map<String, Long> resumed(JsonArray resume) {
    Map<String, Long> wanted = new LinkedHashMap<>();
    if (resume == null) {
      return wanted;
    }
    for (JsonValue entry : resume) {
      if (entry.getValueType() != JsonValue.ValueType.OBJECT) {
        continue;
      }
      String conversationId = IncomingFrame.string(entry.asJsonObject(), "conversationId");
      Long lastSeq = IncomingFrame.number(entry.asJsonObject(), "lastSeq");
      if (conversationId != null) {
        wanted.merge(conversationId, lastSeq == null ? 0 : Math.max(0, lastSeq), Math::min);
      }
      if (wanted.size() > limits.maxResumeConversations()) {
        throw new RuleViolation(
            "bad_request",
            "resume names more than " + limits.maxResumeConversations() + " conversations");
      }
    }
    return wanted;
  }

  private void replay(String conversationId, long lastSeq) {
    try {
      access.ofAgent(agentId(), conversationId);
    } catch (NotFoundException notTheirs) {
      return;
    }
    Replay.after(messages, notes, conversationId, lastSeq, connection);
  }

  @Override
  String tenantOf(Admission admission) {
    try {
      return agents.get(admission.agentId()).tenantId();
    } catch (NotFoundException removed) {
      return null;
    }
  }

  /**
   * What each frame may do: {@code status} changes the agent's own status; {@code send}, {@code
   * typing} and {@code read} act in a conversation assigned to this agent only; {@code close} and
   * {@code transfer} also in one the agent may manage as a supervisor of its department or an admin
   * of its tenant. {@code note} writes an internal note where the agent may see the conversation
   * (the same as {@code close}). {@code watch}, {@code unwatch} and {@code take} are for a
   * supervisor of the conversation's department or an admin of its tenant. Anything else answers
   * {@code not_found}, as for no such conversation.
   */
  @Override
  boolean handle(IncomingFrame frame) {
    Optional<AgentFrameType> type = AgentFrameType.of(frame.type());
    if (type.isEmpty()) {
      return false;
    }
    String conversationId = frame.string("conversationId");
    return switch (type.get()) {
      case HELLO, PING -> throw new IllegalStateException("answered by ChatEndpoint");
      case STATUS -> {
        AgentStatus status = AgentStatus.fromWire(frame.string("value"));
        if (status == null) {
          throw new RuleViolation("bad_request", "status must be online, away, offline or custom");
        }
        String answer;
        if (status == AgentStatus.CUSTOM) {
          Agent agent = agents.takeCustomStatus(agentId(), frame.string("statusId"));
          answer =
              Frames.agentStatus(customStatuses.get(agent.tenantId(), frame.string("statusId")));
        } else {
          agents.changeStatus(agentId(), status);
          answer = Frames.agentStatus(status.wire());
        }
        connections.toAgent(agentId(), answer, connection.id());
        connection.reply(answer);
        yield true;
      }
      case SEND -> {
        String fileId = frame.string("fileId");
        Posted posted =
            fileId == null
                ? texts.postFromAgent(
                    agentId(),
                    conversationId,
                    frame.string("clientMsgId"),
                    frame.string("text"),
                    connection.id())
                : messages.postFromAgent(
                    agentId(),
                    conversationId,
                    frame.string("clientMsgId"),
                    frame.string("text"),
                    fileId,
                    connection.id());
        acknowledge(posted);
        yield true;
      }
      case TYPING -> {
        conversations.typingByAgent(
            agentId(), conversationId, Boolean.TRUE.equals(frame.bool("on")), connection.id());
        yield true;
      }
      case READ -> {
        conversations.readByAgent(
            agentId(), conversationId, VisitorEndpoint.requiredSeq(frame), connection.id());
        yield true;
      }
      case CLOSE -> {
        conversations.closeByAgent(agentId(), conversationId);
        yield true;
      }
      case TRANSFER -> {
        transfers.transfer(
            agentId(),
            conversationId,
            frame.string("toAgentId"),
            frame.string("toDepartmentId"),
            frame.string("note"));
        yield true;
      }
      case NOTE -> {
        Note note =
            notes.add(
                agentId(),
                conversationId,
                frame.string("clientMsgId"),
                frame.string("text"),
                connection.id());
        connection.reply(Frames.note(note));
        yield true;
      }
      case WATCH -> {
        Conversation watched = supervision.supervised(agentId(), conversationId);
        ConversationView view = conversations.view(watched.id());
        String agentId = watched.agentId();
        connection.reply(
            Frames.watching(
                view, agentId, agentId == null ? null : agents.get(agentId).displayName()));
        connections.watch(watched.id(), connection);
        Replay.after(messages, notes, watched.id(), 0, connection);
        yield true;
      }
      case UNWATCH -> {
        Conversation watched = supervision.supervised(agentId(), conversationId);
        connections.unwatch(watched.id(), connection);
        connection.reply(Frames.unwatched(watched.id()));
        yield true;
      }
      case TAKE -> {
        supervision.take(agentId(), conversationId);
        yield true;
      }
    };
  }

  private String agentId() {
    return connection.admission().agentId();
  }
}
