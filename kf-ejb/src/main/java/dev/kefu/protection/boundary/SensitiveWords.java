package dev.kefu.protection.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.ProtectionChanged;
import dev.kefu.protection.control.ProtectionCache;
import dev.kefu.protection.control.WordFilter;
import dev.kefu.protection.control.WordMatcher;
import dev.kefu.protection.entity.SensitiveWordList;
import dev.kefu.protection.entity.WordMode;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.RuleViolation;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;

/**
 * A tenant's sensitive words: the list an admin keeps (audited), and the screening of every message
 * a visitor or an agent posts. A message holding a word is masked (each character of the word
 * replaced by ＊) or refused ({@code message_refused}, field {@code text}), as the tenant chose, for
 * visitors' and agents' messages each as switched on. Screening reads a compiled matcher from
 * memory ({@link ProtectionCache}), rebuilt after a change.
 */
@Stateless
public class SensitiveWords {

  /** Whose message is being screened. */
  public enum Side {
    VISITOR,
    AGENT
  }

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private ProtectionCache cache;
  @Inject private Event<KefuEvent> events;

  /** The tenant's list and settings; a new, empty one (masking, both sides) when none is kept. */
  public SensitiveWordList of(String tenantId) {
    SensitiveWordList list = stored(tenantId);
    return list == null ? new SensitiveWordList(tenantId, clock.now()) : list;
  }

  /**
   * Replaces the admin's tenant's list and settings, audited with before and after; {@code
   * words_invalid} (field {@code words}) for a word too long or too many words.
   */
  public SensitiveWordList change(
      Actor by, List<String> words, WordMode mode, boolean screenVisitors, boolean screenAgents) {
    SensitiveWordList list = stored(by.tenantId());
    boolean fresh = list == null;
    if (fresh) {
      list = new SensitiveWordList(by.tenantId(), clock.now());
    }
    JsonObject before = fresh ? JsonObject.EMPTY_JSON_OBJECT : json(list);
    try {
      list.change(
          words, mode == null ? WordMode.MASK : mode, screenVisitors, screenAgents, clock.now());
    } catch (IllegalArgumentException wrong) {
      throw new RuleViolation("words_invalid", wrong.getMessage(), "words");
    }
    if (fresh) {
      em.persist(list);
    }
    auditLog.recordChange(
        by, Action.SENSITIVE_WORDS_UPDATE, "sensitive_words", by.tenantId(), before, json(list));
    events.fire(new ProtectionChanged(by.tenantId()));
    return list;
  }

  /**
   * The text as it may be stored: unchanged when it holds no sensitive word or the side is not
   * screened, masked in mode {@code mask}; in mode {@code refuse} {@code message_refused}.
   */
  public String screen(String tenantId, Side side, String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    WordFilter filter = cache.words(tenantId, clock.now(), () -> load(tenantId));
    boolean applies = side == Side.VISITOR ? filter.screenVisitors() : filter.screenAgents();
    if (!applies || filter.matcher().isEmpty()) {
      return text;
    }
    if (filter.mode() == WordMode.REFUSE) {
      if (filter.matcher().matches(text)) {
        throw new RuleViolation(
            "message_refused", "the message holds a word that may not be sent here", "text");
      }
      return text;
    }
    return filter.matcher().mask(text);
  }

  private WordFilter load(String tenantId) {
    SensitiveWordList list = stored(tenantId);
    return list == null
        ? WordFilter.NONE
        : new WordFilter(
            WordMatcher.of(list.words()),
            list.mode(),
            list.screensVisitors(),
            list.screensAgents());
  }

  private SensitiveWordList stored(String tenantId) {
    return em.createQuery(
            "select w from SensitiveWordList w where w.tenantId = :t", SensitiveWordList.class)
        .setParameter("t", tenantId)
        .getResultStream()
        .findFirst()
        .orElse(null);
  }

  private static JsonObject json(SensitiveWordList list) {
    return Jsonp.createObjectBuilder()
        .add("words", String.join("\n", list.words()))
        .add("mode", list.mode().wire())
        .add("screenVisitors", list.screensVisitors())
        .add("screenAgents", list.screensAgents())
        .build();
  }
}
