package dev.kefu.chat.boundary;

import dev.kefu.agent.boundary.Agents;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.AgentStatus;
import dev.kefu.chat.control.Admission;
import dev.kefu.chat.control.Connections;
import dev.kefu.chat.control.Frames;
import dev.kefu.chat.control.IncomingFrame;
import dev.kefu.chat.control.Replay;
import dev.kefu.conversation.boundary.ConversationView;
import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.conversation.boundary.Posted;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent console's socket, {@code /ws/agent?ticket=<ticket>}. The handshake gate has redeemed
 * the single-use ticket; the socket acts for the agent it was issued to and sees only that agent's
 * conversations.
 */
@ServerEndpoint("/ws/agent")
public class AgentEndpoint extends ChatEndpoint {

  private static final Logger LOG = Logger.getLogger(AgentEndpoint.class.getName());

  @Inject Agents agents;
  @Inject Conversations conversations;
  @Inject Connections connections;

  @OnOpen
  public void open(Session session) {
    if (admit(session, Admission.Side.AGENT)) {
      connections.addAgent(agentId(), connection);
    }
  }

  @OnMessage
  public void message(String text) {
    receive(text);
  }

  @OnClose
  public void close(Session session, CloseReason reason) {
    if (connection == null) {
      return;
    }
    if (connections.removeAgent(agentId(), connection) == 0) {
      try {
        agents.changeStatus(agentId(), AgentStatus.OFFLINE);
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
    JsonArray resume = frame.array("resume");
    if (resume != null) {
      for (JsonValue entry : resume) {
        if (entry.getValueType() == JsonValue.ValueType.OBJECT) {
          replay(entry.asJsonObject());
        }
      }
    }
    Agent agent = agents.get(agentId());
    List<ConversationView> assigned = conversations.assignedTo(agentId());
    connection.reply(
        Frames.agentWelcome(agent.id(), agent.displayName(), agent.status().wire(), assigned));
  }

  private void replay(JsonObject entry) {
    String conversationId = IncomingFrame.string(entry, "conversationId");
    Long lastSeq = IncomingFrame.number(entry, "lastSeq");
    try {
      conversations.ofAgent(agentId(), conversationId);
    } catch (NotFoundException notTheirs) {
      return;
    }
    Replay.after(conversations, conversationId, lastSeq == null ? 0 : lastSeq, connection::reply);
  }

  @Override
  boolean handle(IncomingFrame frame) {
    String conversationId = frame.string("conversationId");
    switch (frame.type()) {
      case "status" -> {
        AgentStatus status = AgentStatus.fromWire(frame.string("value"));
        if (status == null) {
          throw new RuleViolation("bad_request", "status must be online, away or offline");
        }
        agents.changeStatus(agentId(), status);
        connections.toAgent(agentId(), Frames.agentStatus(status.wire()), connection.id());
        connection.reply(Frames.agentStatus(status.wire()));
      }
      case "send" -> {
        Posted posted =
            conversations.postFromAgent(
                agentId(),
                conversationId,
                frame.string("clientMsgId"),
                frame.string("text"),
                connection.id());
        connection.reply(Frames.ack(posted));
      }
      case "typing" ->
          conversations.typingByAgent(
              agentId(), conversationId, Boolean.TRUE.equals(frame.bool("on")), connection.id());
      case "read" ->
          conversations.readByAgent(
              agentId(), conversationId, VisitorEndpoint.requiredSeq(frame), connection.id());
      case "close" -> conversations.closeByAgent(agentId(), conversationId);
      case "transfer" ->
          conversations.transfer(
              agentId(),
              conversationId,
              frame.string("toAgentId"),
              frame.string("toDepartmentId"),
              frame.string("note"));
      default -> {
        return false;
      }
    }
    return true;
  }

  private String agentId() {
    return connection.admission().agentId();
  }
}
