package dev.kefu.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An agent at the console with one conversation: it signs in for a ticket on whichever node it
 * connects to, resumes its conversation from the last seq up to which it holds every message, and,
 * as the console does, fetches over the REST API what it still misses when a later seq shows a
 * hole.
 */
final class AgentClient extends ChatClient {

  /** How long a hole may stay before it is fetched (the console waits half a second). */
  private static final Duration HOLE_PATIENCE = Duration.ofSeconds(1);

  private final String username;
  private final String password;
  private Node current;
  private Instant holeSince;
  private boolean everOnline;
  int fetched;

  AgentClient(
      String name, String username, String password, List<Node> nodes, Node first, Duration pause) {
    super(name, "AGENT", nodes, first, pause);
    this.username = username;
    this.password = password;
  }

  @Override
  Socket open(Node node) {
    Socket socket =
        Socket.open(
            node.client.agentUri(node.client.ticket(username, password)), node.client.origin);
    JsonArrayBuilder resume = Json.createArrayBuilder();
    if (conversationId != null) {
      resume.add(
          Json.createObjectBuilder()
              .add("conversationId", conversationId)
              .add("lastSeq", contiguous()));
    }
    socket.send(
        Json.createObjectBuilder()
            .add("type", "hello")
            .add("protocol", 1)
            .add("resume", resume)
            .build()
            .toString());
    current = node;
    return socket;
  }

  @Override
  void welcomed(Frame welcome) {
    JsonArray conversations = welcome.json().getJsonArray("conversations");
    if (conversationId == null && conversations.size() == 1) {
      conversationId = conversations.getJsonObject(0).getString("id");
    }
    if (conversationId != null
        && conversations.stream()
            .map(JsonValue::asJsonObject)
            .noneMatch(c -> conversationId.equals(c.getString("id")))) {
      problems.add(name + " lost its conversation " + conversationId + ": " + welcome);
    }
    if (!"online".equals(welcome.string("status"))) {
      // A new console starts offline, and so does one after the agent closed their last one;
      // once online, the agent stays so while a console is open or lost to a fault.
      if (everOnline && !moved()) {
        problems.add(name + " was " + welcome.string("status") + " when it came back");
      }
      reply("{\"type\":\"status\",\"value\":\"online\"}");
    }
    everOnline = true;
  }

  @Override
  void other(Frame frame) {
    if (frame.type().equals("conversation")) {
      String id = frame.object("conversation").getString("id");
      if (conversationId == null) {
        conversationId = id;
      } else if (!conversationId.equals(id)) {
        problems.add(name + " was given a second conversation " + id);
      }
    }
  }

  @Override
  String sendFrame(Written message) {
    return Json.createObjectBuilder()
        .add("type", "send")
        .add("conversationId", conversationId)
        .add("clientMsgId", message.clientMsgId())
        .add("text", message.text())
        .build()
        .toString();
  }

  @Override
  boolean canWrite() {
    return conversationId != null;
  }

  @Override
  void turn(Instant now) {
    if (conversationId == null) {
      return;
    }
    if (highestHeld() == contiguous()) {
      holeSince = null;
    } else if (holeSince == null) {
      holeSince = now;
    } else if (now.isAfter(holeSince.plus(HOLE_PATIENCE))) {
      holeSince = now;
      fetchAfter(contiguous());
    }
  }

  /** What the console does for a hole: reads the messages after it over the REST API. */
  private void fetchAfter(long seq) {
    try {
      HttpResponse<String> answer =
          current.client.send(
              HttpRequest.newBuilder(
                      current.client.base.resolve(
                          "api/v1/conversations/" + conversationId + "/messages?after=" + seq))
                  .header("Authorization", Kefu.basic(username, password))
                  .timeout(Duration.ofSeconds(10)));
      if (answer.statusCode() != 200) {
        return;
      }
      for (JsonValue value : Json.createReader(new StringReader(answer.body())).readArray()) {
        JsonObject message = value.asJsonObject();
        long messageSeq = message.getJsonNumber("seq").longValue();
        if (!holds(messageSeq)) {
          fetched++;
        }
        received(conversationId, messageSeq, message.getString("text", null));
      }
    } catch (RuntimeException | AssertionError notNow) {
      // The node or its database is down: the next turn tries again.
    }
  }
}
