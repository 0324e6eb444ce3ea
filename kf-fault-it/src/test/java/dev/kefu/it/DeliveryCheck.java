package dev.kefu.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what every client wrote and had acknowledged with what the database stored and what the
 * other side of the conversation received. Per conversation: every acknowledged message is stored
 * once, with the seq of its acknowledgement; the seqs run 1, 2, 3, … without a gap; each sender's
 * messages stand in the order they were written; and the receiver holds every acknowledged message
 * of the other side, once it has put aside the frames a replay repeated (by seq).
 */
final class DeliveryCheck {

  /** A visitor and the agent who has their conversation. */
  record Pair(VisitorClient visitor, AgentClient agent) {}

  private record Row(long seq, String clientMsgId, String senderType, String body) {}

  int conversations;
  int written;
  int sent;
  int resent;
  int acknowledged;
  int stored;
  int lost;
  int duplicated;
  int outOfOrder;
  int missingAtReceiver;
  int repeatedFrames;
  int fetched;
  int unavailable;
  final List<String> problems = new ArrayList<>();

  static DeliveryCheck of(List<Pair> pairs, Connection db) throws SQLException {
    DeliveryCheck check = new DeliveryCheck();
    for (Pair pair : pairs) {
      check.conversation(pair, db);
    }
    return check;
  }

  private void conversation(Pair pair, Connection db) throws SQLException {
    String id = pair.visitor().conversationId;
    if (id == null || !id.equals(pair.agent().conversationId)) {
      problems.add(
          pair.visitor().name
              + " and "
              + pair.agent().name
              + " do not share a conversation: "
              + id
              + ", "
              + pair.agent().conversationId);
      return;
    }
    conversations++;
    List<Row> rows = rows(db, id);
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).seq() != i + 1) {
        outOfOrder++;
        problems.add(id + ": the seq at place " + (i + 1) + " is " + rows.get(i).seq());
      }
    }
    Map<String, Row> byClientId = new HashMap<>();
    Map<String, Integer> bodies = new HashMap<>();
    for (Row row : rows) {
      if (byClientId.putIfAbsent(row.clientMsgId(), row) != null) {
        duplicated++;
        problems.add(id + ": " + row.clientMsgId() + " stored twice");
      }
      if (!"SYSTEM".equals(row.senderType()) && bodies.merge(row.body(), 1, Integer::sum) > 1) {
        duplicated++;
        problems.add(id + ": '" + row.body() + "' stored twice, again as seq " + row.seq());
      }
    }
    side(id, pair.visitor(), pair.agent(), byClientId, rows);
    side(id, pair.agent(), pair.visitor(), byClientId, rows);
  }

  /** The messages one client wrote: stored, acknowledged right, in order, and received. */
  private void side(
      String id,
      ChatClient writer,
      ChatClient reader,
      Map<String, Row> byClientId,
      List<Row> rows) {
    written += writer.written.size();
    sent += writer.sends;
    resent += writer.resends;
    unavailable += writer.unavailable;
    repeatedFrames += reader.repeatedFrames;
    if (reader instanceof AgentClient agent) {
      fetched += agent.fetched;
    }
    Set<String> ids = new HashSet<>();
    long lastSeq = 0;
    for (ChatClient.Written message : writer.written) {
      ids.add(message.clientMsgId());
      ChatClient.Ack ack = writer.acks.get(message.clientMsgId());
      Row row = byClientId.get(message.clientMsgId());
      if (row != null) {
        stored++;
        if (!row.body().equals(message.text()) || !row.senderType().equals(writer.senderType)) {
          problems.add(id + ": seq " + row.seq() + " holds " + row + " for " + message);
        }
        if (row.seq() <= lastSeq) {
          outOfOrder++;
          problems.add(id + ": " + writer.name + "'s " + message + " stored before seq " + lastSeq);
        }
        lastSeq = row.seq();
      }
      if (ack == null) {
        continue;
      }
      acknowledged++;
      if (row == null) {
        lost++;
        problems.add(
            id + ": " + writer.name + "'s " + message + " acknowledged " + ack + " but not stored");
        continue;
      }
      if (row.seq() != ack.seq() || !id.equals(ack.conversationId())) {
        problems.add(
            id
                + ": "
                + writer.name
                + "'s "
                + message
                + " acknowledged "
                + ack
                + " but stored as seq "
                + row.seq());
      }
      String got = reader.received.get(row.seq());
      if (got == null) {
        missingAtReceiver++;
        problems.add(
            id
                + ": "
                + reader.name
                + " never got seq "
                + row.seq()
                + ", "
                + writer.name
                + "'s "
                + message
                + " acknowledged "
                + ack);
      } else if (!got.equals(message.text())) {
        problems.add(
            id
                + ": "
                + reader.name
                + " got '"
                + got
                + "' as seq "
                + row.seq()
                + ", stored as '"
                + row.body()
                + "'");
      }
    }
    for (Row row : rows) {
      if (row.senderType().equals(writer.senderType) && !ids.contains(row.clientMsgId())) {
        duplicated++;
        problems.add(id + ": stored but never written by " + writer.name + ": " + row);
      }
    }
    if (!reader.conversationsOfFrames.isEmpty()
        && !Set.of(id).equals(reader.conversationsOfFrames)) {
      problems.add(reader.name + " got messages of " + reader.conversationsOfFrames);
    }
    problems.addAll(writer.problems);
  }

  private static List<Row> rows(Connection db, String conversationId) throws SQLException {
    try (PreparedStatement query =
        db.prepareStatement(
            "SELECT seq, client_msg_id, sender_type, body FROM message"
                + " WHERE conversation_id = ? ORDER BY seq")) {
      query.setString(1, conversationId);
      List<Row> rows = new ArrayList<>();
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          rows.add(
              new Row(
                  result.getLong(1),
                  result.getString(2),
                  result.getString(3),
                  result.getString(4)));
        }
      }
      return rows;
    }
  }

  /** The figures, in one paragraph for the log and docs/benchmarks.md. */
  String figures() {
    return String.format(
        "%d conversations: %d messages written, %d sends (%d of them again after a drop, an"
            + " unavailable answer or silence), %d acknowledged, %d stored; %d acknowledged"
            + " messages lost, %d duplicated, %d out of order; %d acknowledged messages missing"
            + " at their receiver (agents fetched %d over the API after a hole, as the console"
            + " does); %d frames repeated by replays and put aside; %d unavailable answers.",
        conversations,
        written,
        sent,
        resent,
        acknowledged,
        stored,
        lost,
        duplicated,
        outOfOrder,
        missingAtReceiver,
        fetched,
        repeatedFrames,
        unavailable);
  }
}
