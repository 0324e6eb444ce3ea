package dev.kefu.conversation.boundary;

import dev.kefu.conversation.entity.Conversation;
import dev.kefu.shared.Jsonp;
import dev.kefu.tenant.entity.Site;
import dev.kefu.tenant.entity.WidgetSettings;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The visitor's transcript of their own conversation, page by page: each page is a short read of
 * its own, so a transcript of any length is written out without ever being held whole. It holds the
 * messages of the conversation, what the visitor saw, and the answers the visitor gave its pre-chat
 * form; agents' internal notes never are in it.
 */
@Stateless
public class Transcripts {

  /** Messages per page: at most 4,000 characters each, so a page stays well under 2 MB. */
  public static final int PAGE_SIZE = 100;

  @PersistenceContext private EntityManager em;
  @Inject private ConversationAccess access;

  /**
   * The messages after {@code afterSeq} of the visitor's own conversation, at most {@value
   * #PAGE_SIZE}; another's conversation answers as one that does not exist.
   */
  public TranscriptPage page(String visitorId, String conversationId, long afterSeq) {
    Conversation conversation = access.ofVisitor(visitorId, conversationId);
    List<WidgetSettings.Answer> prechat = afterSeq == 0 ? prechatOf(em, conversation) : List.of();
    return new TranscriptPage(
        conversation.id(),
        conversation.createdAt(),
        em.createQuery(
                "select new dev.kefu.conversation.boundary.TranscriptLine("
                    + "m.seq, m.createdAt, m.senderType, m.senderName, m.body,"
                    + " f.originalName, f.contentType)"
                    + " from Message m left join m.file f"
                    + " where m.conversationId = :c and m.seq > :s order by m.seq",
                TranscriptLine.class)
            .setParameter("c", conversation.id())
            .setParameter("s", afterSeq)
            .setMaxResults(PAGE_SIZE)
            .getResultList(),
        prechat);
  }

  /**
   * The conversation's pre-chat answers (besides name and e-mail) in the order and under the labels
   * of its site's form, as the visitor's transcript and the agents' history show them.
   */
  public static List<WidgetSettings.Answer> prechatOf(EntityManager em, Conversation conversation) {
    if (conversation.prechat() == null) {
      return List.of();
    }
    Map<String, String> answers = new LinkedHashMap<>();
    try (var reader = Jsonp.createReader(conversation.prechat())) {
      reader
          .readObject()
          .forEach(
              (key, value) -> {
                if (value instanceof JsonString text) {
                  answers.put(key, text.getString());
                }
              });
    }
    Site site = em.find(Site.class, conversation.siteId());
    return WidgetSettings.labelled(
        site == null ? List.of() : site.widgetSettings().fields(), answers);
  }
}
