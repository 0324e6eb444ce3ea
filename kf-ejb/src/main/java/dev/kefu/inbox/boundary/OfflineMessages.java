package dev.kefu.inbox.boundary;

import dev.kefu.agent.boundary.Memberships;
import dev.kefu.agent.entity.Agent;
import dev.kefu.agent.entity.Role;
import dev.kefu.conversation.entity.MessageText;
import dev.kefu.inbox.control.MailRelay;
import dev.kefu.inbox.entity.OfflineMessage;
import dev.kefu.routing.boundary.Routing;
import dev.kefu.setup.boundary.DataKeys;
import dev.kefu.setup.boundary.SealedTables;
import dev.kefu.shared.Clock;
import dev.kefu.shared.EmailAddress;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.entity.Site;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Locale;

/**
 * Messages visitors leave while nobody can chat, and their answers by e-mail. A visitor's message
 * goes to the department they chose in the pre-chat form (when the site offers it) or the site's
 * default; the members of that department and the tenant's admins see and answer it.
 */
@Stateless
public class OfflineMessages {

  public static final int MAX_LISTED = 200;

  @PersistenceContext private EntityManager em;
  @Inject private MailRelay mail;
  @Inject private Memberships memberships;
  @Inject private Routing routing;
  @Inject private Clock clock;
  @Inject private DataKeys keys;
  @Inject private Event<MessageLeft> left;

  /**
   * Stores what the visitor left; the same {@code clientMsgId} again answers the first copy, so a
   * form sent again after a lost answer is stored once.
   */
  public OfflineMessage leave(
      String visitorId,
      String clientMsgId,
      String departmentId,
      String name,
      String contact,
      String text) {
    String id = MessageText.checkedClientMsgId(clientMsgId);
    Visitor visitor = em.find(Visitor.class, visitorId, LockModeType.PESSIMISTIC_WRITE);
    if (visitor == null) {
      throw new NotFoundException("no such visitor");
    }
    List<OfflineMessage> earlier =
        em.createQuery(
                "select m from OfflineMessage m where m.visitorId = :v and m.clientMsgId = :id",
                OfflineMessage.class)
            .setParameter("v", visitorId)
            .setParameter("id", id)
            .getResultList();
    if (!earlier.isEmpty()) {
      return earlier.get(0);
    }
    Site site = em.find(Site.class, visitor.siteId());
    // Without an offered choice the message goes where a chat of this visitor would have gone
    // (the site's rules, then its default): the department whose closed hours the widget showed.
    String department =
        departmentId != null && site.widgetSettings().offers(departmentId)
            ? departmentId
            : routing.routeFor(site, visitor.pageUrl(), visitor.locale(), null).departmentId();
    OfflineMessage message =
        new OfflineMessage(
            visitor.tenantId(),
            site.id(),
            department,
            visitorId,
            id,
            name,
            contact,
            text,
            visitor.pageUrl(),
            clock.now());
    visitor.introduce(
        name, EmailAddress.isOne(message.contact()) ? message.contact() : null, keys.cipher());
    em.persist(message);
    em.flush();
    left.fire(new MessageLeft(message));
    return message;
  }

  /**
   * The messages the member of staff may see, newest first: of their departments, or of the whole
   * tenant for an admin; answered ones too when {@code withAnswered}.
   */
  public List<OfflineMessage> visibleTo(String agentId, boolean withAnswered) {
    Agent agent = agent(agentId);
    boolean admin = Role.covers(agent.roles(), Role.ADMIN);
    List<String> departments = admin ? List.of() : memberships.departmentsOf(agentId);
    if (!admin && departments.isEmpty()) {
      return List.of();
    }
    var query =
        em.createQuery(
                "select m from OfflineMessage m where m.tenantId = :t"
                    + (admin ? "" : " and m.departmentId in :d")
                    + (withAnswered ? "" : " and m.answeredAt is null and m.handledAt is null")
                    + " order by m.createdAt desc",
                OfflineMessage.class)
            .setParameter("t", agent.tenantId())
            .setMaxResults(MAX_LISTED);
    if (!admin) {
      query.setParameter("d", departments);
    }
    return query.getResultList();
  }

  /**
   * Answers a message by e-mail to the address the visitor left, and keeps the answer with it. The
   * mail goes out first: a message is marked answered only when the SMTP server took the mail.
   */
  public OfflineMessage answer(String agentId, String messageId, String text) {
    Agent agent = agent(agentId);
    OfflineMessage message = visible(agent, messageId);
    if (message.isAnswered()) {
      throw new RuleViolation("conflict", "this message has been answered already");
    }
    if (!mail.enabled()) {
      throw new RuleViolation(
          "mail_disabled", "answering by e-mail is off: no SMTP server is configured");
    }
    if (!EmailAddress.isOne(message.contact())) {
      throw new RuleViolation(
          "no_email", "the visitor left no e-mail address; answer them by phone");
    }
    String body = text == null ? "" : text.strip();
    if (body.isEmpty() || body.length() > OfflineMessage.MAX_TEXT) {
      throw new RuleViolation(
          "bad_request", "the answer is 1 to " + OfflineMessage.MAX_TEXT + " characters");
    }
    Site site = em.find(Site.class, message.siteId());
    Visitor visitor = em.find(Visitor.class, message.visitorId());
    boolean chinese =
        visitor != null
            && visitor.locale() != null
            && visitor.locale().toLowerCase(Locale.ROOT).startsWith("zh");
    String subject =
        chinese ? "回复：您在 " + site.name() + " 的留言" : "Re: your message to " + site.name();
    String quote = "> " + message.text().replace("\n", "\n> ");
    mail.send(
        message.contact().strip(),
        null,
        subject,
        body + "\n\n— " + agent.displayName() + ", " + site.name() + "\n\n" + quote + "\n");
    message.answered(agent.id(), agent.displayName(), body, clock.now());
    return message;
  }

  /**
   * Marks a message handled (dealt with another way, without an answer by e-mail), with who and
   * when; {@code handled} false reopens it. Staff of its department and admins of its tenant only.
   */
  public OfflineMessage markHandled(String agentId, String messageId, boolean handled) {
    Agent agent = agent(agentId);
    OfflineMessage message = visible(agent, messageId);
    if (handled) {
      message.markHandled(agent.id(), agent.displayName(), clock.now());
    } else {
      message.reopen();
    }
    return message;
  }

  /** The message, locked, if the member of staff may see it; not found otherwise. */
  private OfflineMessage visible(Agent agent, String messageId) {
    OfflineMessage message =
        messageId == null
            ? null
            : em.find(OfflineMessage.class, messageId, LockModeType.PESSIMISTIC_WRITE);
    if (message == null
        || !message.tenantId().equals(agent.tenantId())
        || !(Role.covers(agent.roles(), Role.ADMIN)
            || memberships.departmentsOf(agent.id()).contains(message.departmentId()))) {
      throw new NotFoundException("no such message");
    }
    return message;
  }

  /** Whether answers can go out by e-mail at all. */
  public boolean mailEnabled() {
    return mail.enabled();
  }

  private Agent agent(String agentId) {
    Agent agent = agentId == null ? null : em.find(Agent.class, agentId);
    if (agent == null) {
      throw new NotFoundException("no such agent");
    }
    return agent;
  }

  /** The encrypted columns of left messages, for their re-encryption under a new key. */
  public void sealedColumns(@Observes SealedTables tables) {
    tables.add(
        "offline_message", SealedTables.Column.of("name"), SealedTables.Column.of("contact"));
  }
}
