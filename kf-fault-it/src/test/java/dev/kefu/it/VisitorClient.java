package dev.kefu.it;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A visitor at the widget: it keeps its visitor token, resumes its conversation from the last seq
 * up to which it holds every message, and when a gap below the highest seq it holds stays for 3 s,
 * resumes on a fresh socket (at most once per 15 s), as the widget does (docs/protocol.md).
 */
final class VisitorClient extends ChatClient {

  private static final Duration GAP_WAIT = Duration.ofSeconds(3);
  private static final Duration GAP_RESYNC = Duration.ofSeconds(15);

  private final String siteKey;
  private String token;
  private String visitorId;
  private Instant gapSince;
  private Instant resyncedAt = Instant.MIN;

  VisitorClient(String name, String siteKey, List<Node> nodes, Node first, Duration pause) {
    super(name, "VISITOR", nodes, first, pause);
    this.siteKey = siteKey;
  }

  @Override
  Socket open(Node node) {
    Socket socket = Socket.open(node.client.visitorUri(siteKey), node.client.origin);
    JsonObjectBuilder hello =
        Json.createObjectBuilder()
            .add("type", "hello")
            .add("protocol", 1)
            .add("locale", "zh-CN")
            .add(
                "page",
                Json.createObjectBuilder()
                    .add("url", node.client.origin + "/shop/")
                    .add("title", "Shop"));
    if (token != null) {
      hello.add("visitorToken", token);
    }
    if (conversationId != null) {
      hello.add(
          "resume",
          Json.createObjectBuilder()
              .add("conversationId", conversationId)
              .add("lastSeq", contiguous()));
    }
    socket.send(hello.build().toString());
    return socket;
  }

  @Override
  void welcomed(Frame welcome) {
    token = welcome.string("visitorToken");
    String id = welcome.string("visitorId");
    if (visitorId != null && !visitorId.equals(id)) {
      problems.add(name + " came back as another visitor: " + visitorId + " then " + id);
    }
    visitorId = id;
    var conversation = welcome.object("conversation");
    if (conversationId != null
        && (conversation == null || !conversationId.equals(conversation.getString("id")))) {
      problems.add(name + " resumed without its conversation " + conversationId + ": " + welcome);
    }
  }

  @Override
  String sendFrame(Written message) {
    return Kefu.sendFrame(message.clientMsgId(), message.text());
  }

  @Override
  boolean canWrite() {
    return true;
  }

  @Override
  void turn(Instant now) {
    Node on = node();
    if (conversationId == null || on == null || highestHeld() == contiguous()) {
      gapSince = null;
    } else if (gapSince == null) {
      gapSince = now;
    } else if (now.isAfter(gapSince.plus(GAP_WAIT)) && now.isAfter(resyncedAt.plus(GAP_RESYNC))) {
      gapSince = null;
      resyncedAt = now;
      moveTo(on);
    }
  }
}
