package dev.kefu.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.events.AccessBlocked;
import dev.kefu.events.AccountDisabled;
import dev.kefu.events.AvailabilityChanged;
import dev.kefu.events.ConversationAssigned;
import dev.kefu.events.ConversationClosed;
import dev.kefu.events.ConversationMissed;
import dev.kefu.events.ConversationRated;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.MembershipChanged;
import dev.kefu.events.MessagePosted;
import dev.kefu.events.NoteAdded;
import dev.kefu.events.ProtectionChanged;
import dev.kefu.events.QueueMoved;
import dev.kefu.events.ReadUpTo;
import dev.kefu.events.SiteChanged;
import dev.kefu.events.StatusSetByAdmin;
import dev.kefu.events.TypingChanged;
import dev.kefu.events.VisitorErased;
import dev.kefu.events.VisitorInvited;
import dev.kefu.events.VisitorPageViewed;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventCodecTest {

  private final EventCodec codec = new EventCodec();

  @AfterEach
  void close() throws Exception {
    codec.close();
  }

  @Test
  void everyKindOfEventCrossesToAnotherNodeUnchanged() {
    List<KefuEvent> events =
        List.of(
            new MessagePosted(
                "c-1",
                "v-1",
                "a-1",
                7,
                "visitor",
                "v-1",
                "访客",
                "你好 \"quoted\"\n",
                Instant.parse("2026-11-26T10:15:30.123456Z"),
                "conn-1",
                null),
            new MessagePosted(
                "c-1",
                "v-1",
                "a-1",
                8,
                "agent",
                "a-1",
                "Wang",
                "",
                Instant.parse("2026-11-26T10:15:31Z"),
                null,
                new MessagePosted.Attachment("f-1", "invoice.pdf", 48213, "application/pdf")),
            new ConversationAssigned("c-1", "v-1", "a-2", "Agent Two", null, null, null),
            new ConversationAssigned(
                "c-1", "v-1", "a-3", "Agent Three", "a-2", "offer_timeout", 120),
            new ConversationClosed("c-1", "v-1", "a-2", "agent"),
            new QueueMoved(
                "d-1",
                2,
                List.of(
                    new QueueMoved.Place("c-2", "v-2", 1, 60),
                    new QueueMoved.Place("c-3", "v-3", 2, 120))),
            new TypingChanged("c-1", "v-1", "a-2", "agent", true, "conn-2"),
            new ReadUpTo("c-1", "v-1", "a-2", "visitor", 7, null),
            new VisitorPageViewed("c-1", "a-2", "https://shop.example/cart", "Cart"),
            new NoteAdded(
                "c-1",
                "a-2",
                "n-1",
                "m-1",
                "a-3",
                "Supervisor",
                "VIP",
                Instant.parse("2026-11-26T10:16:00Z"),
                "conn-3"),
            new ConversationMissed("c-4", "d-1", List.of("a-3", "a-4")),
            new ConversationRated("c-1", "a-2", 5, "很好"),
            new AccountDisabled("t-1", "a-2"),
            new AccessBlocked("t-1", null, "2001:db8::/32"),
            new ProtectionChanged("t-1"),
            new VisitorInvited("v-1", "Wang", "您好，需要帮忙吗？"),
            new AvailabilityChanged("t-1"),
            new MembershipChanged("a-2", List.of("d-1"), List.of("d-2", "d-3")),
            new StatusSetByAdmin("a-2", "away"),
            new VisitorErased("t-1", "v-1"),
            new SiteChanged("t-1", "s-1"));

    assertThat(events.stream().map(Object::getClass).distinct())
        .as("an example of every kind of event")
        .containsExactlyInAnyOrder(KefuEvent.class.getPermittedSubclasses());

    for (KefuEvent event : events) {
      EventCodec.Envelope read = codec.decode(codec.encode("node-a", event)).orElseThrow();
      assertThat(read.node()).isEqualTo("node-a");
      assertThat(read.event()).isEqualTo(event);
    }
  }

  @Test
  void everyDeclaredEventTypeIsTagged() {
    for (Class<?> type : KefuEvent.class.getPermittedSubclasses()) {
      assertThat(type.isRecord()).as(type + " is a record JSON-B can write").isTrue();
    }
    assertThat(codec.encode("n", new ConversationClosed("c", "v", null, "system")))
        .contains("\"type\":\"ConversationClosed\"");
  }

  @Test
  void aTypeThatIsNoKefuEventIsNotBuilt() {
    assertThat(
            codec.decode(
                "{\"node\":\"x\",\"type\":\"ProcessBuilder\",\"event\":{\"command\":[\"sh\"]}}"))
        .isEmpty();
    assertThat(codec.decode("{\"node\":\"x\",\"type\":\"KefuEvent\",\"event\":{}}")).isEmpty();
  }
}
