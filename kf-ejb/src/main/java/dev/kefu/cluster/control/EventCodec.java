package dev.kefu.cluster.control;

import dev.kefu.events.KefuEvent;
import dev.kefu.shared.Jsonp;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes a business event as the JSON text that goes between nodes, and reads it back: {@code
 * {"node":"…","type":"MessagePosted","event":{…}}}. The type tag is the record's simple name and is
 * read only against the event types Kefu itself declares, so a message on the channel can never
 * make a node build an object of any other class (no Java serialization).
 */
public final class EventCodec implements AutoCloseable {

  private static final Map<String, Class<?>> TYPES =
      Arrays.stream(KefuEvent.class.getPermittedSubclasses())
          .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

  private final Jsonb jsonb = JsonbBuilder.create();

  /** An event that came from another node, with the id of the node that sent it. */
  public record Envelope(String node, KefuEvent event) {}

  public String encode(String node, KefuEvent event) {
    JsonObject body = parse(jsonb.toJson(event));
    return Jsonp.createObjectBuilder()
        .add("node", node)
        .add("type", event.getClass().getSimpleName())
        .add("event", body)
        .build()
        .toString();
  }

  /** The event in {@code text}; empty for a type this node does not know (a newer node's). */
  public Optional<Envelope> decode(String text) {
    JsonObject envelope = parse(text);
    Class<?> type = TYPES.get(envelope.getString("type", ""));
    if (type == null) {
      return Optional.empty();
    }
    KefuEvent event = (KefuEvent) jsonb.fromJson(envelope.getJsonObject("event").toString(), type);
    return Optional.of(new Envelope(envelope.getString("node"), event));
  }

  private static JsonObject parse(String text) {
    try (JsonReader reader = Jsonp.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  @Override
  public void close() throws Exception {
    jsonb.close();
  }
}
