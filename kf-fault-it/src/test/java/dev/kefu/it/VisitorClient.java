package dev.kefu.it;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.List;

/**
 * A visitor at the widget: it keeps its visitor token, and resumes its conversation from the
 * highest seq it holds, its own acknowledged messages included, as the widget does.
 */
final class VisitorClient extends ChatClient {

  private final String siteKey;
  private String token;
  private String visitorId;

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
              .add("lastSeq", highestHeld()));
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
}
