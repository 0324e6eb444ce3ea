package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.Conversation;
import dev.kefu.tenant.entity.Site;
import dev.kefu.tenant.entity.WidgetSettings;
import dev.kefu.visitor.entity.Visitor;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * A conversation with the visitor it is with, as the agent console shows it, and the fields of its
 * site's pre-chat form ({@code prechatForm}), so that the visitor's answers are shown under the
 * labels the form gave them.
 */
public record ConversationView(
    Conversation conversation, Visitor visitor, List<WidgetSettings.Field> prechatForm) {

  public ConversationView {
    prechatForm = prechatForm == null ? List.of() : List.copyOf(prechatForm);
  }

  public ConversationView(Conversation conversation, Visitor visitor) {
    this(conversation, visitor, List.of());
  }

  /** The conversation with its visitor and, when it holds pre-chat answers, its site's form. */
  public static ConversationView of(EntityManager em, Conversation conversation) {
    Visitor visitor = em.find(Visitor.class, conversation.visitorId());
    if (conversation.prechat() == null) {
      return new ConversationView(conversation, visitor);
    }
    Site site = em.find(Site.class, conversation.siteId());
    return new ConversationView(
        conversation, visitor, site == null ? List.of() : site.widgetSettings().fields());
  }
}
