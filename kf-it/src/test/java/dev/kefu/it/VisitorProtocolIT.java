package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kefu.it.Kefu.Visitor;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The visitor's side of the protocol, against the packaged server. What the edge refuses (forged
 * tokens, foreign origins, floods, too many connections) is in {@link EdgeRefusalsIT}.
 */
@ExtendWith(KefuServer.class)
class VisitorProtocolIT {

  Kefu kefu;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  void welcomeGivesATokenTheGreetingAndNoConversationYet() {
    try (Visitor visitor = kefu.visitor()) {
      Frame welcome = visitor.welcome();
      assertThat(welcome.string("visitorToken")).isNotBlank();
      assertThat(welcome.string("visitorId")).startsWith("v-");
      assertThat(welcome.string("greeting")).contains("Hello");
      assertThat(welcome.json().isNull("conversation")).isTrue();
    }
  }

  @Test
  void anythingBeforeHelloIsUnauthorizedAndCloses() {
    try (Socket socket = kefu.visitorSocket()) {
      socket.send(Kefu.send("hi"));
      Frame error = socket.next("error");
      assertThat(error.string("code")).isEqualTo("unauthorized");
      assertThat(socket.closeCode()).isEqualTo(1008);
    }
  }

  @Test
  void sendIsAcknowledgedWithTheNextSeq() {
    try (Visitor visitor = kefu.visitor()) {
      visitor.socket().send(Kefu.sendFrame("m-1-" + UUID.randomUUID(), "你好, is my order shipped?"));
      Frame first = visitor.socket().next("ack");
      visitor.socket().send(Kefu.send("second"));
      Frame second = visitor.socket().next("ack");
      assertThat(first.string("conversationId")).startsWith("c-");
      assertThat(first.number("seq")).isEqualTo(1);
      assertThat(second.string("conversationId")).isEqualTo(first.string("conversationId"));
      assertThat(second.number("seq")).isEqualTo(2);
      assertThat(first.string("at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      visitor.end(first.string("conversationId"));
    }
  }

  @Test
  void aRepeatedClientMsgIdIsStoredOnceAndAckedTwiceWithTheSameSeq() {
    String clientMsgId = UUID.randomUUID().toString();
    String conversationId;
    try (Visitor visitor = kefu.visitor()) {
      visitor.socket().send(Kefu.sendFrame(clientMsgId, "only once"));
      Frame first = visitor.socket().next("ack");
      visitor.socket().send(Kefu.sendFrame(clientMsgId, "only once"));
      Frame again = visitor.socket().next("ack");
      assertThat(again.number("seq")).isEqualTo(first.number("seq"));
      assertThat(again.string("conversationId")).isEqualTo(first.string("conversationId"));
      assertThat(again.string("clientMsgId")).isEqualTo(clientMsgId);
      conversationId = first.string("conversationId");

      // A reconnecting visitor resumes from 0 and sees the message exactly once.
      try (Socket resumed = kefu.visitorSocket()) {
        resumed.send(hello(visitor.token(), conversationId, 0));
        List<Frame> replay = framesUntilWelcome(resumed);
        assertThat(replay).extracting(f -> f.string("text")).containsExactly("only once");
      }
      visitor.end(conversationId);
    }
  }

  @Test
  void resumeFromLastSeqDeliversExactlyTheMissingMessagesInOrder() {
    try (Visitor visitor = kefu.visitor()) {
      String conversationId = null;
      for (int i = 1; i <= 5; i++) {
        visitor.socket().send(Kefu.send("message " + i));
        conversationId = visitor.socket().next("ack").string("conversationId");
      }
      visitor.socket().close();

      try (Socket resumed = kefu.visitorSocket()) {
        resumed.send(hello(visitor.token(), conversationId, 2));
        List<Frame> replay = framesUntilWelcome(resumed);
        assertThat(replay).extracting(f -> f.number("seq")).containsExactly(3L, 4L, 5L);
        assertThat(replay)
            .extracting(f -> f.string("text"))
            .containsExactly("message 3", "message 4", "message 5");
        assertThat(replay)
            .allSatisfy(f -> assertThat(f.object("sender").getString("type")).isEqualTo("visitor"));
        Frame welcome = resumed.next("welcome");
        assertThat(welcome.object("conversation").getString("id")).isEqualTo(conversationId);
        assertThat(welcome.object("conversation").getInt("lastSeq")).isEqualTo(5);
        resumed.send("{\"type\":\"close\",\"conversationId\":\"" + conversationId + "\"}");
        resumed.next("closed");
      }
    }
  }

  @Test
  void concurrentWritersInOneConversationGetGaplessSeqs() throws Exception {
    try (Visitor first = kefu.visitor()) {
      first.socket().send(Kefu.send("opening"));
      String conversationId = first.socket().next("ack").string("conversationId");
      try (Socket second = kefu.visitorSocket()) {
        second.send(hello(first.token(), conversationId, 1));
        second.next("welcome");
        List<Socket> writers = List.of(first.socket(), second);
        List<Thread> threads = new ArrayList<>();
        for (Socket writer : writers) {
          Thread thread =
              new Thread(
                  () -> {
                    for (int i = 0; i < 12; i++) {
                      writer.send(Kefu.send("burst " + i));
                      if (i % 3 == 0) {
                        writer.send(
                            "{\"type\":\"read\",\"conversationId\":\""
                                + conversationId
                                + "\",\"seq\":"
                                + (i + 1)
                                + "}");
                      }
                    }
                  });
          thread.start();
          threads.add(thread);
        }
        for (Thread thread : threads) {
          thread.join();
        }
        List<Long> seqs = new ArrayList<>();
        for (Socket writer : writers) {
          for (int i = 0; i < 12; i++) {
            Frame ack = writer.next(f -> f.type().equals("ack") || f.type().equals("error"));
            assertThat(ack.type()).as(ack.toString()).isEqualTo("ack");
            seqs.add(ack.number("seq"));
          }
        }
        assertThat(seqs).doesNotHaveDuplicates().hasSize(24).allMatch(seq -> seq >= 2 && seq <= 25);
        try (Socket check = kefu.visitorSocket()) {
          check.send(hello(first.token(), conversationId, 0));
          assertThat(framesUntilWelcome(check))
              .extracting(f -> f.number("seq"))
              .containsExactlyElementsOf(
                  java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
        }
      }
      first.end(conversationId);
    }
  }

  /**
   * Many visitors sending at once: their messages are stored in groups (one transaction for what
   * arrives together), which must still give each conversation its messages once, in the order
   * sent, with gapless seqs, and answer a resent message with its first copy.
   */
  @Test
  void aCrowdSendingAtOnceHasEachMessageStoredOnceInOrder() throws Exception {
    int crowd = 12;
    int each = 12;
    List<Visitor> visitors = new ArrayList<>();
    List<String> conversations = new ArrayList<>();
    try {
      for (int n = 0; n < crowd; n++) {
        Visitor visitor = kefu.visitor();
        visitors.add(visitor);
        visitor.socket().send(Kefu.send("opening " + n));
        conversations.add(visitor.socket().next("ack").string("conversationId"));
      }
      String resent = "resent-" + UUID.randomUUID();
      AtOnce.run(
          crowd,
          visitor -> {
            Socket socket = visitors.get(visitor).socket();
            for (int i = 0; i < each; i++) {
              if (visitor == 0 && i == 3) {
                socket.send(Kefu.sendFrame(resent, "visitor 0 message 3"));
                socket.send(Kefu.sendFrame(resent, "visitor 0 message 3"));
              } else {
                socket.send(Kefu.send("visitor " + visitor + " message " + i));
              }
            }
          });
      for (int n = 0; n < crowd; n++) {
        Socket socket = visitors.get(n).socket();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < (n == 0 ? each + 1 : each); i++) {
          Frame ack = socket.next(f -> f.type().equals("ack") || f.type().equals("error"));
          assertThat(ack.type()).as(ack.toString()).isEqualTo("ack");
          assertThat(ack.string("conversationId")).isEqualTo(conversations.get(n));
          seqs.add(ack.number("seq"));
        }
        List<Long> expected = new ArrayList<>();
        for (long seq = 2; seq <= each + 1; seq++) {
          expected.add(seq);
          if (n == 0 && seq == 5) {
            expected.add(seq);
          }
        }
        assertThat(seqs).as("visitor %d", n).containsExactlyElementsOf(expected);
      }
      for (int n = 0; n < crowd; n++) {
        try (Socket check = kefu.visitorSocket()) {
          check.send(hello(visitors.get(n).token(), conversations.get(n), 0));
          List<String> expected = new ArrayList<>(List.of("opening " + n));
          for (int i = 0; i < each; i++) {
            expected.add("visitor " + n + " message " + i);
          }
          assertThat(framesUntilWelcome(check))
              .extracting(f -> f.string("text"))
              .containsExactlyElementsOf(expected);
        }
      }
      for (int n = 0; n < crowd; n++) {
        visitors.get(n).end(conversations.get(n));
      }
    } finally {
      visitors.forEach(Visitor::close);
    }
  }

  /**
   * Hellos that arrive together are greeted in one transaction; each visitor must still be welcomed
   * as themselves: the returning ones by their token, with their own conversation and only what
   * they missed of it, the new ones each as a visitor of their own, and one that names someone
   * else's conversation refused that alone, not the others.
   */
  @Test
  void aCrowdSayingHelloAtOnceIsEachWelcomedAsThemselves() throws Exception {
    int returning = 6;
    int fresh = 6;
    List<String> ids = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    List<String> conversations = new ArrayList<>();
    for (int n = 0; n < returning; n++) {
      try (Visitor visitor = kefu.visitor()) {
        ids.add(visitor.welcome().string("visitorId"));
        tokens.add(visitor.token());
        visitor.socket().send(Kefu.send("first of " + n));
        conversations.add(visitor.socket().next("ack").string("conversationId"));
        visitor.socket().send(Kefu.send("second of " + n));
        visitor.socket().next("ack");
      }
    }
    int intruder = returning + fresh;
    List<Socket> sockets = new ArrayList<>();
    List<Long> places = new ArrayList<>();
    try {
      for (int n = 0; n <= intruder; n++) {
        sockets.add(kefu.visitorSocket());
      }
      AtOnce.run(
          sockets.size(),
          n ->
              sockets
                  .get(n)
                  .send(
                      n < returning
                          ? hello(tokens.get(n), conversations.get(n), 1)
                          : n < intruder
                              ? "{\"type\":\"hello\",\"protocol\":1}"
                              : hello(null, conversations.get(0), 0)));
      for (int n = 0; n < returning; n++) {
        Socket socket = sockets.get(n);
        assertThat(framesUntilWelcome(socket))
            .extracting(f -> f.string("text"))
            .as("visitor %d's replay", n)
            .containsExactly("second of " + n);
        Frame welcome = socket.next("welcome");
        assertThat(welcome.string("visitorId")).isEqualTo(ids.get(n));
        assertThat(welcome.object("conversation").getString("id")).isEqualTo(conversations.get(n));
        assertThat(welcome.object("conversation").getInt("lastSeq")).isEqualTo(2);
        // Each in their own place in line, read for the group at once: the conversations were
        // opened one after another, so their places follow each other.
        places.add(socket.next("queue").number("position"));
      }
      for (int n = 1; n < returning; n++) {
        assertThat(places.get(n)).as("visitor %d's place", n).isEqualTo(places.get(0) + n);
      }
      List<String> newIds = new ArrayList<>();
      for (int n = returning; n < intruder; n++) {
        Frame welcome = sockets.get(n).next("welcome");
        assertThat(welcome.json().isNull("conversation")).isTrue();
        assertThat(welcome.string("visitorToken")).isNotBlank();
        newIds.add(welcome.string("visitorId"));
      }
      assertThat(newIds).doesNotHaveDuplicates().doesNotContainAnyElementsOf(ids);
      Socket intruding = sockets.get(intruder);
      Frame refused = intruding.next();
      assertThat(refused.type()).isEqualTo("error");
      assertThat(refused.string("code")).isEqualTo("unauthorized");
      Frame welcome = intruding.next("welcome");
      assertThat(welcome.json().isNull("conversation")).isTrue();
      assertThat(welcome.string("visitorId")).isNotIn(ids).isNotIn(newIds);
      for (int n = 0; n < returning; n++) {
        Socket socket = sockets.get(n);
        socket.send("{\"type\":\"close\",\"conversationId\":\"" + conversations.get(n) + "\"}");
        socket.next("closed");
      }
    } finally {
      sockets.forEach(Socket::close);
    }
  }

  @Test
  void theTokenKeepsTheVisitorAcrossConnections() {
    String visitorId;
    String token;
    try (Visitor visitor = kefu.visitor()) {
      visitorId = visitor.welcome().string("visitorId");
      token = visitor.token();
    }
    try (Socket again = kefu.visitorSocket()) {
      again.send("{\"type\":\"hello\",\"protocol\":1,\"visitorToken\":\"" + token + "\"}");
      assertThat(again.next("welcome").string("visitorId")).isEqualTo(visitorId);
    }
  }

  @Test
  void resumingSomeoneElsesConversationIsIgnored() {
    String theirs;
    try (Visitor owner = kefu.visitor()) {
      owner.socket().send(Kefu.send("private"));
      theirs = owner.socket().next("ack").string("conversationId");
      try (Socket intruder = kefu.visitorSocket()) {
        intruder.send(hello(null, theirs, 0));
        Frame first = intruder.next();
        assertThat(first.type()).isEqualTo("error");
        assertThat(first.string("code")).isEqualTo("unauthorized");
        Frame welcome = intruder.next();
        assertThat(welcome.type()).isEqualTo("welcome");
        assertThat(welcome.json().isNull("conversation")).isTrue();
      }
      owner.end(theirs);
    }
  }

  @Test
  void badFramesGetAnErrorAndTheConnectionStaysUsable() {
    try (Visitor visitor = kefu.visitor()) {
      Socket socket = visitor.socket();
      socket.send("{not json");
      assertThat(socket.next("error").string("code")).isEqualTo("bad_request");
      socket.send("[1,2]");
      assertThat(socket.next("error").string("code")).isEqualTo("bad_request");
      socket.send("{\"type\":\"teleport\"}");
      assertThat(socket.next("error").string("code")).isEqualTo("bad_request");
      String emptyId = UUID.randomUUID().toString();
      socket.send(Kefu.sendFrame(emptyId, "   "));
      Frame empty = socket.next("error");
      assertThat(empty.string("code")).isEqualTo("bad_request");
      assertThat(empty.string("ref")).isEqualTo(emptyId);
      socket.send(Kefu.send("x".repeat(4001)));
      assertThat(socket.next("error").string("code")).isEqualTo("bad_request");

      socket.send("{\"type\":\"ping\"}");
      assertThat(socket.next().type()).isEqualTo("pong");
      socket.send(Kefu.send("x".repeat(4000)));
      Frame ack = socket.next("ack");
      assertThat(ack.number("seq")).isEqualTo(1);
      visitor.end(ack.string("conversationId"));
    }
  }

  @Test
  void aFrameOver16KiBClosesWith1009() {
    try (Visitor visitor = kefu.visitor()) {
      visitor.socket().send(Kefu.send("y".repeat(17 * 1024)));
      assertThat(visitor.socket().closeCode()).isEqualTo(1009);
    }
  }

  @Test
  void aFrameJustOverTheLimitClosesWith1009AndOneJustUnderIsAnswered() {
    try (Visitor visitor = kefu.visitor()) {
      String under = Kefu.send("u".repeat(16 * 1024 - 200));
      assertThat(under.length()).isLessThanOrEqualTo(16 * 1024);
      visitor.socket().send(under);
      assertThat(visitor.socket().next("error").string("code")).isEqualTo("bad_request");
      String over = Kefu.send("o".repeat(16 * 1024));
      visitor.socket().send(over);
      assertThat(visitor.socket().closeCode()).isEqualTo(1009);
    }
  }

  /** Retries for a few seconds: the server counts a closed socket once its close completes. */
  static <T> T eventually(java.util.function.Supplier<T> action) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsInstanceOf(RuntimeException.class)
        .until(action::get, result -> true);
  }

  static String hello(String token, String conversationId, long lastSeq) {
    return "{\"type\":\"hello\",\"protocol\":1"
        + (token == null ? "" : ",\"visitorToken\":\"" + token + "\"")
        + ",\"resume\":{\"conversationId\":\""
        + conversationId
        + "\",\"lastSeq\":"
        + lastSeq
        + "}}";
  }

  /** The msg frames sent before the welcome, which is left unread. */
  static List<Frame> framesUntilWelcome(Socket socket) {
    List<Frame> msgs = new ArrayList<>();
    while (true) {
      Frame frame = socket.next();
      if (frame.type().equals("welcome")) {
        socket.pushBack(frame);
        return msgs;
      }
      if (frame.type().equals("msg")) {
        msgs.add(frame);
      }
    }
  }
}
