package dev.kefu.conversation.boundary;

import dev.kefu.agent.entity.Agent;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.Message;
import dev.kefu.conversation.entity.MessageText;
import dev.kefu.conversation.entity.SenderType;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.MessagePosted;
import dev.kefu.file.entity.StoredFile;
import dev.kefu.protection.boundary.SensitiveWords;
import dev.kefu.setup.boundary.DataKeys;
import dev.kefu.setup.boundary.SealedTables;
import dev.kefu.shared.Clock;
import dev.kefu.shared.DataCipher;
import dev.kefu.shared.InList;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import dev.kefu.shared.Text;
import dev.kefu.tenant.boundary.Departments;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.boundary.TenantFilter;
import dev.kefu.tenant.entity.Site;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The messages of conversations: storing what visitors, agents and the system post, and reading
 * them back in order. Every message is stored under the conversation's row lock, which makes {@code
 * seq} gapless and lets a resent {@code clientMsgId} find its first copy.
 *
 * <p>A visitor's first message opens a conversation. Routing sits above this component: it chooses
 * the new conversation's department through {@link ConversationOpening} and assigns or queues it on
 * {@link ConversationOpened}, both observed in the transaction that fires them.
 */
@Stateless
public class Messages {

  private static final int MAX_HISTORY = 500;

  @PersistenceContext private EntityManager em;
  @Inject private Conversations conversations;
  @Inject private ConversationAccess access;
  @Inject private Departments departments;
  @Inject private Sites sites;
  @Inject private Event<KefuEvent> events;
  @Inject private Event<ConversationOpening> opening;
  @Inject private Event<ConversationOpened> opened;
  @Inject private Event<ConversationsOpened> openedTogether;
  @Inject private Clock clock;
  @Inject private DataKeys keys;
  @Inject private SensitiveWords words;

  /**
   * Stores a visitor's message in their open conversation, opening one (and routing it) when there
   * is none.
   */
  public Posted postFromVisitor(String visitorId, String clientMsgId, String text, String origin) {
    return postFromVisitor(visitorId, clientMsgId, text, null, origin, null);
  }

  /**
   * Stores a visitor's message, as {@link #postFromVisitor(String, String, String, String)}, that
   * may carry a file the visitor uploaded ({@code fileId}; with a file the text is optional) and,
   * for a message that opens a conversation, what the visitor chose and filled in the site's
   * pre-chat form: the department routes it ({@link ConversationOpening}), the fields stay with it
   * (ignored when the conversation is already open or the site has no pre-chat form).
   */
  public Posted postFromVisitor(
      String visitorId,
      String clientMsgId,
      String text,
      String fileId,
      String origin,
      Prechat prechat) {
    String id = MessageText.checkedClientMsgId(clientMsgId);
    String body = fileId == null ? MessageText.checked(text) : MessageText.caption(text);
    Visitor visitor = lockedVisitor(visitorId);
    body = words.screen(visitor.tenantId(), SensitiveWords.Side.VISITOR, body);
    // Under the visitor's lock no other send of this visitor opens one meanwhile; the
    // conversation's own lock orders this message with whoever ends it (ended: not found here).
    Optional<Conversation> open = conversations.lockedOpenOf(visitorId);
    if (open.isEmpty()) {
      Optional<Message> earlier = latestOf(visitorId).flatMap(c -> find(c.id(), id));
      if (earlier.isPresent()) {
        return duplicate(earlier.get());
      }
    }
    String invitedBy = open.isPresent() ? null : visitor.invitationAt(clock.now()).orElse(null);
    Conversation conversation;
    if (open.isPresent()) {
      conversation = open.get();
      Optional<Message> earlier = find(conversation.id(), id);
      if (earlier.isPresent()) {
        return duplicate(earlier.get());
      }
    } else {
      // A conversation opened now holds nothing yet: no copy to look for, under the department's
      // lock that opening it took.
      conversation = openFor(visitor, prechat, invitedBy);
    }
    Message message =
        message(
            conversation,
            id,
            SenderType.VISITOR,
            visitorId,
            visitor.name(),
            body,
            fileId,
            StoredFile.Uploader.VISITOR);
    if (open.isEmpty()) {
      // Stored with its first message's seq: persisted before the message took it, the new row
      // would be inserted and then updated.
      em.persist(conversation);
    }
    em.persist(message);
    em.flush();
    events.fire(posted(conversation, message, origin));
    if (open.isEmpty()) {
      visitor.invitationAnswered();
      opened.fire(new ConversationOpened(conversation, invitedBy));
    }
    return new Posted(id, conversation.id(), message.seq(), message.createdAt(), false);
  }

  /**
   * Stores the text messages of several visitors of the current tenant in one transaction: the
   * group commit of {@link TextGroups}. For each text, in the order given, its acknowledgement; or
   * null where the visitor has no open conversation, which the caller then posts alone with {@link
   * #postFromVisitor(String, String, String, String)}, since opening one routes it. A group of one
   * is posted as that single message.
   *
   * <p>Each message is stored as its own posting would store it, under its visitor's and its
   * conversation's row locks, and a resent client message id answers its first copy; but each step
   * is one statement for the whole group: the visitors' locks (by key, in the order of their ids,
   * so that two groups never wait on each other), their open conversations found and then locked by
   * id, the earlier copies, and one flush of the inserts and the conversations' {@code last_seq}.
   * The messages of one conversation take their seqs in the order given. Anything refused (an
   * unknown visitor, a refused word) throws and stores none of them: the caller posts each alone
   * then, so that the refusal reaches its own sender only.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Posted> postTextsFromVisitors(List<VisitorText> texts) {
    if (texts.size() == 1) {
      // Alone in its group: the statements of one message, which Hibernate has planned already.
      return alone(texts.get(0));
    }
    Senders senders = lockedSenders(texts);
    Map<String, Visitor> visitors = senders.visitors();
    Set<String> visitorIds = visitors.keySet();
    Set<String> clientMsgIds = senders.clientMsgIds();
    Map<String, Conversation> open = conversations.lockedOpenOf(visitorIds);
    Written written = new Written(open.values(), clientMsgIds, texts.size());
    Posted[] posted = new Posted[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      VisitorText text = texts.get(i);
      Conversation conversation = open.get(text.visitorId());
      if (conversation == null) {
        continue;
      }
      Visitor visitor = visitors.get(text.visitorId());
      posted[i] =
          written.post(
              conversation,
              text.clientMsgId(),
              text.origin(),
              () -> fromVisitor(conversation, visitor, text));
    }
    written.flushAndAnnounce();
    return Arrays.asList(posted);
  }

  /**
   * Opens a conversation for each of several visitors of the current tenant with their first text
   * message, in one transaction: the group commit of arrivals ({@link TextGroups}). For each text,
   * in the order given, its acknowledgement; or null where the visitor has an open conversation
   * (another tab of theirs opened it), which the caller then posts alone. A group of one is posted
   * as that single message.
   *
   * <p>Each conversation is opened as {@link #postFromVisitor(String, String, String, String)}
   * opens one: under its visitor's row lock, routed to its department, stored under the
   * department's lock with its first message at seq 1, and assigned or queued in the same
   * transaction ({@link ConversationsOpened}); a resent client message id answers its first copy in
   * the visitor's latest conversation. But each step is one statement for the whole group, and
   * routing reads a department's agents and queue once for all who arrive in it: the visitors'
   * locks in the order of their ids, then, after every conversation is routed, the departments'
   * locks in the order of theirs (so that two groups never wait on each other). A second text of
   * one visitor goes into the conversation their first one opens. Anything refused throws and
   * stores none of them: the caller posts each alone then.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Posted> openFromVisitors(List<VisitorText> texts) {
    if (texts.size() == 1) {
      return alone(texts.get(0));
    }
    Senders senders = lockedSenders(texts);
    Map<String, Visitor> visitors = senders.visitors();
    Set<String> visitorIds = visitors.keySet();
    Set<String> clientMsgIds = senders.clientMsgIds();
    // Under the visitors' locks no send of theirs opens one meanwhile: a plain read tells who has.
    Set<String> open = conversations.openIdsOf(visitorIds).keySet();
    Set<String> arriving = new TreeSet<>(visitorIds);
    arriving.removeAll(open);
    Map<String, String> latest = latestIdsOf(arriving);
    Map<String, Message> known = earlier(latest.values(), clientMsgIds);
    Posted[] posted = new Posted[texts.size()];
    // Routed first, each by its visitor's first text that is not a copy; locked after, in order.
    Map<String, ConversationOpening> routes = new HashMap<>();
    Map<String, String> invitations = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      VisitorText text = texts.get(i);
      String visitorId = text.visitorId();
      if (open.contains(visitorId) || routes.containsKey(visitorId)) {
        continue;
      }
      Message earlier = known.get(latest.get(visitorId) + '\n' + text.clientMsgId());
      if (earlier != null) {
        posted[i] = duplicate(earlier);
        continue;
      }
      Visitor visitor = visitors.get(visitorId);
      String invitedBy = visitor.invitationAt(clock.now()).orElse(null);
      if (invitedBy != null) {
        invitations.put(visitorId, invitedBy);
      }
      routes.put(visitorId, routed(visitor, null, invitedBy));
    }
    Set<String> departmentIds = new TreeSet<>();
    routes.values().forEach(r -> departmentIds.add(r.departmentId()));
    departmentIds.forEach(departments::lock);
    Map<String, Conversation> opened = new LinkedHashMap<>();
    Written written = new Written(List.of(), clientMsgIds, texts.size());
    for (int i = 0; i < texts.size(); i++) {
      VisitorText text = texts.get(i);
      Visitor visitor = visitors.get(text.visitorId());
      ConversationOpening route = routes.get(visitor.id());
      if (posted[i] != null || route == null) {
        continue;
      }
      Conversation conversation =
          opened.computeIfAbsent(visitor.id(), v -> conversationFor(visitor, route, null));
      posted[i] =
          written.post(
              conversation,
              text.clientMsgId(),
              text.origin(),
              () -> fromVisitor(conversation, visitor, text));
    }
    // Stored with their messages' seqs: persisted before the messages took them, the new rows
    // would be inserted and then updated.
    opened.values().forEach(em::persist);
    written.flushAndAnnounce();
    List<ConversationOpened> routing = new ArrayList<>(opened.size());
    for (Conversation conversation : opened.values()) {
      visitors.get(conversation.visitorId()).invitationAnswered();
      routing.add(new ConversationOpened(conversation, invitations.get(conversation.visitorId())));
    }
    openedTogether.fire(new ConversationsOpened(routing));
    return Arrays.asList(posted);
  }

  /**
   * Stores the text messages of agents of the current tenant in one transaction, as {@link
   * #postTextsFromVisitors} does for visitors: for each, in the order given, its acknowledgement.
   * Each conversation must be assigned to the agent who writes in it; one that is not (ended or
   * transferred meanwhile) refuses the group, and the caller then posts each alone, so that the
   * refusal reaches its own sender only. The conversations are locked by id in one statement, in
   * the order of their ids.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Posted> postTextsFromAgents(List<AgentText> texts) {
    if (texts.size() == 1) {
      AgentText text = texts.get(0);
      return List.of(
          postFromAgent(
              text.agentId(),
              text.conversationId(),
              text.clientMsgId(),
              text.text(),
              text.origin()));
    }
    Set<String> conversationIds = new TreeSet<>();
    Set<String> agentIds = new HashSet<>();
    Set<String> clientMsgIds = new HashSet<>();
    for (AgentText text : texts) {
      conversationIds.add(text.conversationId());
      agentIds.add(text.agentId());
      clientMsgIds.add(MessageText.checkedClientMsgId(text.clientMsgId()));
    }
    Map<String, Conversation> locked = conversations.lockedByIds(conversationIds);
    Map<String, Agent> agents = new HashMap<>();
    InList ids = InList.of("ids", agentIds);
    TenantFilter.bypassed(
            em,
            () ->
                ids.bindTo(
                        em.createQuery(
                            "select a from Agent a where a.id in " + ids.placeholders(),
                            Agent.class))
                    .getResultList())
        .stream()
        .filter(a -> TenantFilter.isCurrent(a.tenantId()))
        .forEach(a -> agents.put(a.id(), a));
    Written written = new Written(locked.values(), clientMsgIds, texts.size());
    Posted[] posted = new Posted[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      AgentText text = texts.get(i);
      Conversation conversation = locked.get(text.conversationId());
      Agent agent = agents.get(text.agentId());
      if (conversation == null || agent == null || !conversation.isAssignedTo(agent.id())) {
        throw new NotFoundException("no such conversation");
      }
      posted[i] =
          written.post(
              conversation,
              text.clientMsgId(),
              text.origin(),
              () -> {
                Message message =
                    new Message(
                        conversation,
                        text.clientMsgId(),
                        SenderType.AGENT,
                        agent.id(),
                        agent.displayName(),
                        words.screen(
                            conversation.tenantId(),
                            SensitiveWords.Side.AGENT,
                            MessageText.checked(text.text())),
                        clock.now());
                conversation.answeredByAgent(message.createdAt());
                return message;
              });
    }
    written.flushAndAnnounce();
    return Arrays.asList(posted);
  }

  /** A visitor's text message posted alone, as a group of one. */
  private List<Posted> alone(VisitorText text) {
    return List.of(
        postFromVisitor(text.visitorId(), text.clientMsgId(), text.text(), text.origin()));
  }

  /** The visitors of a group of texts, each with its row lock, and the texts' client ids. */
  private record Senders(Map<String, Visitor> visitors, Set<String> clientMsgIds) {}

  private Senders lockedSenders(List<VisitorText> texts) {
    Set<String> visitorIds = new TreeSet<>();
    Set<String> clientMsgIds = new HashSet<>();
    for (VisitorText text : texts) {
      visitorIds.add(text.visitorId());
      clientMsgIds.add(MessageText.checkedClientMsgId(text.clientMsgId()));
    }
    return new Senders(lockedVisitors(visitorIds), clientMsgIds);
  }

  /** A visitor's text message of a group, screened for the tenant's refused words. */
  private Message fromVisitor(Conversation conversation, Visitor visitor, VisitorText text) {
    return new Message(
        conversation,
        text.clientMsgId(),
        SenderType.VISITOR,
        visitor.id(),
        visitor.name(),
        words.screen(
            visitor.tenantId(), SensitiveWords.Side.VISITOR, MessageText.checked(text.text())),
        clock.now());
  }

  /**
   * The messages of a group, stored in one flush and announced after it. A client message id that
   * its conversation already holds, stored before or earlier in the group (two tabs of one visitor
   * may send the same message again), answers that first copy.
   */
  private final class Written {
    private final Map<String, Message> known;
    private final List<Conversation> in;
    private final List<Message> messages;
    private final List<String> origins;

    Written(Collection<Conversation> conversations, Set<String> clientMsgIds, int size) {
      known = earlier(conversations.stream().map(Conversation::id).toList(), clientMsgIds);
      in = new ArrayList<>(size);
      messages = new ArrayList<>(size);
      origins = new ArrayList<>(size);
    }

    /** The acknowledgement of the client message: its first copy's, or the one made now's. */
    Posted post(
        Conversation conversation, String clientMsgId, String origin, Supplier<Message> made) {
      String key = conversation.id() + '\n' + clientMsgId;
      Message earlier = known.get(key);
      if (earlier != null) {
        return duplicate(earlier);
      }
      Message message = made.get();
      known.put(key, message);
      in.add(conversation);
      messages.add(message);
      origins.add(origin);
      return new Posted(
          message.clientMsgId(), conversation.id(), message.seq(), message.createdAt(), false);
    }

    /** Stores the messages after the conversations the caller persisted, and tells of them. */
    void flushAndAnnounce() {
      messages.forEach(em::persist);
      em.flush();
      for (int n = 0; n < messages.size(); n++) {
        events.fire(posted(in.get(n), messages.get(n), origins.get(n)));
      }
    }
  }

  /**
   * These visitors of the current tenant, by id, each with its row lock, taken by key in the order
   * of the ids; one unknown to the tenant refuses them all.
   */
  private Map<String, Visitor> lockedVisitors(Set<String> visitorIds) {
    Map<String, Visitor> visitors = new HashMap<>();
    InList ids = InList.of("ids", visitorIds);
    TenantFilter.bypassed(
            em,
            () ->
                ids.bindTo(
                        em.createQuery(
                            "select v from Visitor v where v.id in "
                                + ids.placeholders()
                                + " order by v.id",
                            Visitor.class))
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultList())
        .stream()
        .filter(v -> TenantFilter.isCurrent(v.tenantId()))
        .forEach(v -> visitors.put(v.id(), v));
    if (visitors.size() != visitorIds.size()) {
      throw new NotFoundException("no such visitor");
    }
    return visitors;
  }

  /** The messages of these conversations with one of these client ids, by conversation and id. */
  private Map<String, Message> earlier(Collection<String> in, Set<String> clientMsgIds) {
    Map<String, Message> found = new HashMap<>();
    if (in.isEmpty()) {
      return found;
    }
    // Conversations of visitors or agents this transaction holds, so of the scope's tenant.
    InList c = InList.of("c", in);
    InList ids = InList.of("ids", clientMsgIds);
    TenantFilter.bypassed(
            em,
            () ->
                ids.bindTo(
                        c.bindTo(
                            em.createQuery(
                                "select m from Message m where m.conversationId in "
                                    + c.placeholders()
                                    + " and m.clientMsgId in "
                                    + ids.placeholders(),
                                Message.class)))
                    .getResultList())
        .forEach(m -> found.put(m.conversationId() + '\n' + m.clientMsgId(), m));
    return found;
  }

  /** Stores an agent's message in a conversation assigned to that agent. */
  public Posted postFromAgent(
      String agentId, String conversationId, String clientMsgId, String text, String origin) {
    return postFromAgent(agentId, conversationId, clientMsgId, text, null, origin);
  }

  /**
   * Stores an agent's message that may carry a file the agent uploaded for this conversation
   * ({@code fileId}); with a file the text is optional.
   */
  public Posted postFromAgent(
      String agentId,
      String conversationId,
      String clientMsgId,
      String text,
      String fileId,
      String origin) {
    String id = MessageText.checkedClientMsgId(clientMsgId);
    String body = fileId == null ? MessageText.checked(text) : MessageText.caption(text);
    Conversation conversation = access.lockedForAgent(agentId, conversationId);
    Optional<Message> earlier = find(conversation.id(), id);
    if (earlier.isPresent()) {
      return duplicate(earlier.get());
    }
    body = words.screen(conversation.tenantId(), SensitiveWords.Side.AGENT, body);
    // The conversation is assigned to this agent, so the agent is of its tenant.
    Agent agent = TenantFilter.bypassed(em, () -> em.find(Agent.class, agentId));
    Message message =
        message(
            conversation,
            id,
            SenderType.AGENT,
            agentId,
            agent.displayName(),
            body,
            fileId,
            StoredFile.Uploader.AGENT);
    conversation.answeredByAgent(message.createdAt());
    em.persist(message);
    em.flush();
    events.fire(posted(conversation, message, origin));
    return new Posted(id, conversation.id(), message.seq(), message.createdAt(), false);
  }

  /**
   * Messages after {@code afterSeq}, in order; at most {@value #MAX_HISTORY} at a time. In a
   * transaction of its own, because the edge also reads here right after another one committed.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Message> after(String conversationId, long afterSeq) {
    return after(conversationId, afterSeq, MAX_HISTORY);
  }

  /**
   * Messages after {@code afterSeq}, in order; at most {@code limit} (and {@value #MAX_HISTORY}).
   * Every replay to a socket reads here (a resume, a conversation handed to an agent), so the query
   * runs without the tenant filter, planned once, and the rows are checked against the scope's
   * tenant instead ({@link TenantFilter}).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<Message> after(String conversationId, long afterSeq, int limit) {
    return TenantFilter.bypassed(
            em,
            () ->
                em.createQuery(
                        "select m from Message m left join fetch m.file"
                            + " where m.conversationId = :c and m.seq > :s order by m.seq",
                        Message.class)
                    .setParameter("c", conversationId)
                    .setParameter("s", afterSeq)
                    .setMaxResults(Math.min(limit, MAX_HISTORY))
                    .getResultList())
        .stream()
        .filter(m -> TenantFilter.isCurrent(m.tenantId()))
        .toList();
  }

  /**
   * Stores a message of the system (sender type {@code system}) that the visitor and agent both
   * see, in the caller's transaction, under the conversation's row lock the caller holds.
   */
  public void postSystem(Conversation conversation, String text) {
    Message message =
        new Message(
            conversation,
            "system-" + PublicId.randomToken(12),
            SenderType.SYSTEM,
            null,
            null,
            // Cut on a grapheme boundary: half a surrogate pair would not be valid text.
            MessageText.checked(Text.clip(text, Message.MAX_TEXT)),
            clock.now());
    em.persist(message);
    em.flush();
    events.fire(posted(conversation, message, null));
  }

  private Conversation openFor(Visitor visitor, Prechat prechat, String invitedBy) {
    ConversationOpening route = routed(visitor, prechat, invitedBy);
    // The department's lock before the new row: inserting it takes a shared lock on the department
    // (its foreign key), and two arrivals holding that both waited to lock it for assignment.
    departments.lock(route.departmentId());
    return conversationFor(visitor, route, prechat);
  }

  /** Where a conversation the visitor opens now goes: the routing component answers. */
  private ConversationOpening routed(Visitor visitor, Prechat prechat, String invitedBy) {
    // The site as the visitor's hello read it moments ago (kept by the node for a few seconds,
    // Sites.enabledById); one disabled since is still the visitor's: loaded without the tenant
    // filter (the visitor the caller holds is the tenant's), planned once.
    Site site =
        sites
            .enabledById(visitor.siteId())
            .orElseGet(
                () -> TenantFilter.bypassed(em, () -> em.find(Site.class, visitor.siteId())));
    ConversationOpening route =
        new ConversationOpening(
            site,
            visitor.pageUrl(),
            visitor.locale(),
            prechat == null ? null : prechat.departmentId(),
            invitedBy);
    opening.fire(route);
    return route;
  }

  /**
   * The visitor's new conversation, routed, not stored yet: the caller persists it once its first
   * message has its seq. The caller holds the lock of its department.
   */
  private Conversation conversationFor(
      Visitor visitor, ConversationOpening route, Prechat prechat) {
    Site site = route.site();
    Conversation conversation =
        new Conversation(
            visitor.tenantId(), site.id(), route.departmentId(), visitor.id(), clock.now());
    conversation.requireSkill(route.requiredSkill());
    if (prechat != null && site.widgetSettings().prechatEnabled()) {
      takePrechat(
          visitor,
          conversation,
          site.widgetSettings().checkedPrechat(prechat.fields()),
          keys.cipher());
    }
    return conversation;
  }

  /** Name and e-mail go on the visitor, where agents see them; the rest stays with the chat. */
  private static void takePrechat(
      Visitor visitor, Conversation conversation, Map<String, String> fields, DataCipher cipher) {
    visitor.introduce(fields.get("name"), fields.get("email"), cipher);
    JsonObjectBuilder rest = Jsonp.createObjectBuilder();
    boolean any = false;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      if (!field.getKey().equals("name") && !field.getKey().equals("email")) {
        rest.add(field.getKey(), field.getValue());
        any = true;
      }
    }
    if (any) {
      conversation.takePrechat(rest.build().toString());
    }
  }

  /** The visitor of the current tenant, with its row lock: their postings go one at a time. */
  private Visitor lockedVisitor(String visitorId) {
    return TenantFilter.find(
            em, Visitor.class, visitorId, LockModeType.PESSIMISTIC_WRITE, Visitor::tenantId)
        .orElseThrow(() -> new NotFoundException("no such visitor"));
  }

  /** The visitor's newest conversation; the visitor is one the caller holds, locked. */
  private Optional<Conversation> latestOf(String visitorId) {
    return TenantFilter.bypassed(
            em,
            () ->
                em.createQuery(
                        "select c from Conversation c where c.visitorId = :v"
                            + " order by c.createdAt desc",
                        Conversation.class)
                    .setParameter("v", visitorId)
                    .setMaxResults(1)
                    .getResultStream()
                    .findFirst())
        .filter(c -> TenantFilter.isCurrent(c.tenantId()));
  }

  /**
   * The id of each of these visitors' newest conversation, by visitor; one without any is not in
   * the map. The visitors are ones the caller holds, locked, of the current tenant.
   */
  private Map<String, String> latestIdsOf(Collection<String> visitorIds) {
    Map<String, String> newest = new HashMap<>();
    if (visitorIds.isEmpty()) {
      return newest;
    }
    InList v = InList.of("v", visitorIds);
    TenantFilter.bypassed(
            em,
            () ->
                v.bindTo(
                        em.createQuery(
                            "select c.id, c.visitorId from Conversation c where c.visitorId in "
                                + v.placeholders()
                                + " order by c.createdAt, c.id",
                            Object[].class))
                    .getResultList())
        .forEach(row -> newest.put((String) row[1], (String) row[0]));
    return newest;
  }

  /** The message of a conversation the caller holds (so of its tenant) with this client id. */
  private Optional<Message> find(String conversationId, String clientMsgId) {
    return TenantFilter.bypassed(
        em,
        () ->
            em.createQuery(
                    "select m from Message m where m.conversationId = :c and m.clientMsgId = :id",
                    Message.class)
                .setParameter("c", conversationId)
                .setParameter("id", clientMsgId)
                .getResultStream()
                .findFirst());
  }

  /** A message of a visitor or an agent, carrying their file when they name one. */
  private Message message(
      Conversation conversation,
      String clientMsgId,
      SenderType sender,
      String senderId,
      String senderName,
      String body,
      String fileId,
      StoredFile.Uploader uploader) {
    return fileId == null
        ? new Message(conversation, clientMsgId, sender, senderId, senderName, body, clock.now())
        : new Message(
            conversation,
            clientMsgId,
            sender,
            senderId,
            senderName,
            body,
            sendable(fileId, uploader, senderId, conversation.id()),
            clock.now());
  }

  /**
   * The uploader's own file, for a message of this conversation, and not sent in any message yet;
   * anything else answers {@code not_found}, as a file that does not exist.
   */
  private StoredFile sendable(
      String fileId, StoredFile.Uploader uploader, String uploaderId, String conversationId) {
    StoredFile file = em.find(StoredFile.class, fileId, LockModeType.PESSIMISTIC_WRITE);
    if (file == null || !file.sendableBy(uploader, uploaderId, conversationId)) {
      throw new NotFoundException("no such file");
    }
    Long carriers =
        em.createQuery("select count(m) from Message m where m.file = :f", Long.class)
            .setParameter("f", file)
            .getSingleResult();
    if (carriers > 0) {
      throw new RuleViolation("bad_request", "this file has been sent already");
    }
    return file;
  }

  private static Posted duplicate(Message message) {
    return new Posted(
        message.clientMsgId(), message.conversationId(), message.seq(), message.createdAt(), true);
  }

  private static MessagePosted posted(Conversation conversation, Message message, String origin) {
    return new MessagePosted(
        conversation.id(),
        conversation.visitorId(),
        conversation.agentId(),
        message.seq(),
        message.senderType().wire(),
        message.senderId(),
        message.senderName(),
        message.text(),
        message.createdAt(),
        origin,
        message.file() == null
            ? null
            : new MessagePosted.Attachment(
                message.file().id(),
                message.file().name(),
                message.file().size(),
                message.file().contentType()));
  }

  /**
   * The encrypted columns of conversations and messages (the pre-chat answers, the senders' names),
   * for their re-encryption under a new key.
   */
  public void sealedColumns(@Observes SealedTables tables) {
    tables.add("conversation", SealedTables.Column.of("prechat"));
    tables.add("message", SealedTables.Column.of("sender_name"));
  }
}
