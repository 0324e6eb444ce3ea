package dev.kefu.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kefu.chat.control.AgentFrameType;
import dev.kefu.chat.control.IncomingFrame;
import dev.kefu.chat.control.VisitorFrameType;
import dev.kefu.shared.RuleViolation;
import dev.kefu.shared.Text;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Any text frame either parses or is {@link IncomingFrame.Malformed} ({@code bad_request}), never
 * another exception and never a hang; and what the endpoints then read from a parsed frame (its
 * type, its fields and the objects and arrays inside it) is either there, as valid text or a whole
 * number, or refused as a {@code bad_request} {@link RuleViolation}. What goes back to the client
 * about the frame (an error's message and ref) is valid text too.
 *
 * <p>An input is the frame as the socket receives it: UTF-8, so that its files read as JSON.
 */
class IncomingFrameFuzzTest {

  /** The members the endpoints read from a frame, and from the objects in it. */
  private static final String[] NAMES = {
    "type",
    "clientMsgId",
    "conversationId",
    "text",
    "fileId",
    "visitorToken",
    "locale",
    "url",
    "title",
    "referrer",
    "comment",
    "departmentId",
    "name",
    "email",
    "contact",
    "value",
    "statusId",
    "toAgentId",
    "toDepartmentId",
    "note",
    "protocol",
    "seq",
    "lastSeq",
    "score",
    "ts",
    "on",
    "resume",
    "identity",
    "page",
    "prechat",
    "fields",
    "userId",
    "hash"
  };

  @FuzzTest
  @DictionaryEntries({
    "{\"type\":\"hello\"",
    "\"type\":",
    "\"clientMsgId\":",
    "\"resume\":",
    "\"identity\":",
    "\"prechat\":{\"fields\":{",
    "\"seq\":",
    "\"ts\":",
    "\"on\":true",
    "null",
    "\\ud83d\\ude00",
    "\\ud800",
    "\\u0000",
    "1e400",
    "-9223372036854775809",
    "9223372036854775807",
    "0.5"
  })
  void frameParsesOrIsABadRequest(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    IncomingFrame frame;
    try {
      frame = IncomingFrame.parse(text);
    } catch (IncomingFrame.Malformed malformed) {
      assertEquals("bad_request", malformed.code());
      assertTrue(Text.acceptable(malformed.getMessage()), malformed::getMessage);
      String ref = malformed.ref();
      assertTrue(ref == null || (ref.length() <= 64 && Text.acceptable(ref)), () -> "ref " + ref);
      return;
    }

    // What ChatEndpoint reads of every frame, and answers with.
    String type = frame.type();
    assertNotNull(type);
    assertTrue(Text.acceptable(type), "type");
    String ref = ChatEndpoint.refOf(frame);
    assertTrue(ref == null || (ref.length() <= 64 && Text.acceptable(ref)), () -> "ref " + ref);
    String unknown = "unknown type: " + ChatEndpoint.clip(type);
    assertTrue(Text.acceptable(unknown), () -> "not valid text: " + unknown);
    VisitorFrameType.of(type);
    AgentFrameType.of(type);

    // What the endpoints read of the frame's members, and of the objects and arrays in it.
    for (String name : NAMES) {
      read(() -> frame.string(name));
      read(() -> frame.number(name));
      read(() -> frame.bool(name));
      JsonObject object = read(() -> frame.object(name));
      if (object != null) {
        readMembers(object);
      }
      JsonArray array = read(() -> frame.array(name));
      if (array != null) {
        for (JsonValue entry : array) {
          if (entry.getValueType() == JsonValue.ValueType.OBJECT) {
            readMembers(entry.asJsonObject());
          }
        }
      }
    }
    read(() -> VisitorEndpoint.requiredSeq(frame));
  }

  private static void readMembers(JsonObject object) {
    for (String name : NAMES) {
      read(() -> IncomingFrame.string(object, name));
      read(() -> IncomingFrame.number(object, name));
    }
    for (String name : object.keySet()) {
      read(() -> IncomingFrame.string(object, name));
    }
  }

  /** What the supplier answers, or null when it refuses the frame as a bad request. */
  private static <T> T read(Supplier<T> reading) {
    T value;
    try {
      value = reading.get();
    } catch (RuleViolation refused) {
      assertEquals("bad_request", refused.code());
      assertTrue(Text.acceptable(refused.getMessage()), refused::getMessage);
      return null;
    }
    if (value instanceof String string) {
      assertTrue(Text.acceptable(string), () -> "not valid text: " + string);
    }
    return value;
  }
}
