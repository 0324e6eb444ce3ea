package dev.kefu.history.boundary;

import dev.kefu.conversation.boundary.Transcripts;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.conversation.entity.Message;
import dev.kefu.conversation.entity.Note;
import dev.kefu.conversation.entity.SenderType;
import dev.kefu.file.entity.StoredFile;
import dev.kefu.history.control.HistoryQuery;
import dev.kefu.history.control.WordSearch;
import dev.kefu.setup.boundary.DataKeys;
import dev.kefu.shared.DataCipher;
import dev.kefu.shared.NotFoundException;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

/**
 * The back office's history of a tenant's conversations: searched by time, site, department, agent,
 * visitor, rating, state and the words of the messages, counted and read a page at a time in the
 * database, opened as a full transcript with files, notes and system lines, and read in keyset
 * pages for an export of any size. Reads only the given tenant's rows.
 */
@Stateless
public class ConversationHistory {

  /** Most rows of one page. */
  public static final int MAX_PAGE = 500;

  /** Most lines of one opened transcript. */
  public static final int MAX_LINES = 5_000;

  private static final String SELECT =
      "SELECT c.id AS id, c.created_at AS created_at, c.site_id AS site_id, s.name AS site_name,"
          + " c.department_id AS department_id, d.name AS department_name, c.agent_id AS agent_id,"
          + " a.display_name AS agent_name, c.visitor_id AS visitor_id, v.name AS visitor_name,"
          + " v.email AS visitor_email, c.state AS state, c.rating_score AS rating,"
          + " c.rating_comment AS rating_comment, c.assigned_at AS assigned_at,"
          + " c.first_response_at AS first_response_at, c.closed_at AS closed_at,"
          + " c.closed_by AS closed_by, c.last_seq AS messages,"
          + " (SELECT m.body FROM message m WHERE m.conversation_id = c.id"
          + " AND m.sender_type = 'VISITOR' ORDER BY m.seq LIMIT 1) AS first_words"
          + " FROM conversation c JOIN site s ON s.id = c.site_id"
          + " JOIN department d ON d.id = c.department_id LEFT JOIN agent a ON a.id = c.agent_id"
          + " JOIN visitor v ON v.id = c.visitor_id";

  private static volatile Boolean fullTextIndex;

  @PersistenceContext private EntityManager em;
  @Inject private DataKeys keys;

  /**
   * Most conversations a search counts: a search that finds more answers {@code COUNT_LIMIT + 1}
   * ("more than 10,000"), since nobody pages through more and counting them all costs a pass over
   * every match.
   */
  public static final int COUNT_LIMIT = 10_000;

  /**
   * How many conversations of the tenant the filter finds, up to {@link #COUNT_LIMIT}; {@code
   * COUNT_LIMIT + 1} when there are more.
   */
  public long count(String tenantId, HistoryFilter filter) {
    HistoryQuery where = where(tenantId, filter);
    int limit = where.nextParameter();
    Query query =
        em.createNativeQuery(
            "SELECT COUNT(*) FROM (SELECT 1 AS found FROM conversation c"
                + where.joins()
                + where.where()
                + " LIMIT ?"
                + limit
                + ") counted");
    bind(query, where.parameters());
    query.setParameter(limit, COUNT_LIMIT + 1);
    return ((Number) query.getSingleResult()).longValue();
  }

  /**
   * The rows {@code first} to {@code first + max} of the search in the given order ({@code
   * ascending} or the newest, highest first), ties broken by time and id, newest first.
   */
  public List<HistoryRow> page(
      String tenantId,
      HistoryFilter filter,
      HistorySort sort,
      boolean ascending,
      int first,
      int max) {
    HistoryQuery where = where(tenantId, filter);
    Query query = em.createNativeQuery(paged("SELECT c.id", where, sort, ascending));
    bindPage(query, where, first, max);
    return byIds(tenantId, ids(query));
  }

  /**
   * A page of the search with the number found, as {@link #count} answers it. A search by words is
   * done in one pass, the count taken beside the page ({@code COUNT(*) OVER ()}): the messages'
   * matches are what costs, and the count and the page would each find them again.
   */
  public HistoryPage search(
      String tenantId,
      HistoryFilter filter,
      HistorySort sort,
      boolean ascending,
      int first,
      int max) {
    if (filter == null || filter.words() == null || max <= 0) {
      return new HistoryPage(
          count(tenantId, filter), page(tenantId, filter, sort, ascending, first, max));
    }
    HistoryQuery where = where(tenantId, filter);
    Query query =
        em.createNativeQuery(
            paged("SELECT c.id, COUNT(*) OVER () AS found", where, sort, ascending));
    bindPage(query, where, first, max);
    List<String> ids = new ArrayList<>();
    long found = -1;
    for (Object row : query.getResultList()) {
      Object[] columns = (Object[]) row;
      ids.add((String) columns[0]);
      found = ((Number) columns[1]).longValue();
    }
    if (found < 0) { // a page past the end says nothing of the number
      found = count(tenantId, filter);
    }
    return new HistoryPage(Math.min(found, COUNT_LIMIT + 1L), byIds(tenantId, ids));
  }

  /** A page of the search: the number found (up to {@link #COUNT_LIMIT} + 1) and its rows. */
  public record HistoryPage(long found, List<HistoryRow> rows) {}

  private static String paged(
      String select, HistoryQuery where, HistorySort sort, boolean ascending) {
    HistorySort by = sort == null ? HistorySort.TIME : sort;
    int limit = where.nextParameter();
    return select
        + " FROM conversation c"
        + where.joins()
        + where.where()
        + " ORDER BY "
        + by.column()
        + (ascending ? " ASC" : " DESC")
        + (by == HistorySort.TIME ? "" : ", c.created_at DESC")
        + (ascending && by == HistorySort.TIME ? ", c.id ASC" : ", c.id DESC")
        + " LIMIT ?"
        + limit
        + " OFFSET ?"
        + (limit + 1);
  }

  private static void bindPage(Query query, HistoryQuery where, int first, int max) {
    bind(query, where.parameters());
    int limit = where.nextParameter();
    query.setParameter(limit, Math.max(0, Math.min(max, MAX_PAGE)));
    query.setParameter(limit + 1, Math.max(0, first));
  }

  /**
   * The next rows of an export, newest first, after {@code after} (null: from the newest): a keyset
   * page, so that reading a large selection costs the same per page however far it has come.
   */
  public List<HistoryRow> after(String tenantId, HistoryFilter filter, HistoryRow after, int max) {
    HistoryQuery where = where(tenantId, filter);
    if (after != null) {
      where.and(
          "(c.created_at < ? OR (c.created_at = ? AND c.id < ?))",
          after.createdAt(),
          after.createdAt(),
          after.id());
    }
    int limit = where.nextParameter();
    Query query =
        em.createNativeQuery(
            "SELECT c.id FROM conversation c"
                + where.joins()
                + where.where()
                + " ORDER BY c.created_at DESC, c.id DESC LIMIT ?"
                + limit);
    bind(query, where.parameters());
    query.setParameter(limit, Math.max(1, Math.min(max, MAX_PAGE)));
    return byIds(tenantId, ids(query));
  }

  /**
   * The rows of these conversations, in this order. A page is found first by ids alone, read from
   * the conversation table and its indexes in order; only then are its few rows joined with their
   * site, department, agent, visitor and first words. Joined and sorted in one query, the database
   * computed the first words of every row of the selection before it sorted them.
   */
  private List<HistoryRow> byIds(String tenantId, List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    HistoryQuery where = new HistoryQuery().and("c.tenant_id = ?", tenantId);
    where.and("c.id IN " + HistoryQuery.list(ids.size()), ids.toArray());
    Query query = em.createNativeQuery(SELECT + where.where());
    bind(query, where.parameters());
    java.util.Map<String, HistoryRow> found = new java.util.HashMap<>();
    for (HistoryRow row : rows(query)) {
      found.put(row.id(), row);
    }
    List<HistoryRow> ordered = new ArrayList<>(ids.size());
    for (String id : ids) {
      HistoryRow row = found.get(id);
      if (row != null) {
        ordered.add(row);
      }
    }
    return ordered;
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(Query query) {
    List<String> ids = new ArrayList<>();
    for (Object id : query.getResultList()) {
      ids.add((String) id);
    }
    return ids;
  }

  /**
   * The conversation of the tenant with every line: messages with their files, system lines and
   * internal notes, in time order. Another tenant's answers as one that does not exist.
   */
  public HistoryTranscript transcript(String tenantId, String conversationId) {
    Conversation conversation =
        conversationId == null ? null : em.find(Conversation.class, conversationId);
    if (conversation == null || !conversation.tenantId().equals(tenantId)) {
      throw new NotFoundException("no such conversation");
    }
    HistoryQuery where = new HistoryQuery().and("c.tenant_id = ?", tenantId);
    where.and("c.id = ?", conversationId);
    Query query = em.createNativeQuery(SELECT + where.where());
    bind(query, where.parameters());
    HistoryRow row = rows(query).get(0);
    List<Message> messages =
        em.createQuery(
                "select m from Message m where m.conversationId = :c order by m.seq", Message.class)
            .setParameter("c", conversationId)
            .setMaxResults(MAX_LINES + 1)
            .getResultList();
    List<Note> notes =
        em.createQuery(
                "select n from Note n where n.conversationId = :c order by n.createdAt", Note.class)
            .setParameter("c", conversationId)
            .setMaxResults(MAX_LINES + 1)
            .getResultList();
    List<HistoryEntry> lines = new ArrayList<>();
    for (Message m : messages) {
      StoredFile file = m.file();
      lines.add(
          new HistoryEntry(
              m.senderType() == SenderType.SYSTEM ? "system" : "message",
              m.createdAt(),
              m.senderType().wire(),
              m.senderName(),
              m.text(),
              file == null ? null : file.id(),
              file == null ? null : file.name(),
              file == null ? null : file.contentType(),
              file == null ? null : file.size()));
    }
    for (Note n : notes) {
      lines.add(
          new HistoryEntry(
              "note", n.createdAt(), "agent", n.authorName(), n.text(), null, null, null, null));
    }
    lines.sort(Comparator.comparing(HistoryEntry::at));
    boolean truncated = lines.size() > MAX_LINES;
    return new HistoryTranscript(
        row,
        Transcripts.prechatOf(em, conversation),
        truncated ? List.copyOf(lines.subList(0, MAX_LINES)) : lines,
        truncated);
  }

  /** Whether searches for words go through MariaDB's FULLTEXT index (H2 has none). */
  public boolean fullTextIndex() {
    Boolean known = fullTextIndex;
    if (known == null) {
      String product =
          em.unwrap(Session.class)
              .doReturningWork(c -> c.getMetaData().getDatabaseProductName())
              .toLowerCase(Locale.ROOT);
      known = product.contains("mariadb") || product.contains("mysql");
      fullTextIndex = known;
    }
    return known;
  }

  private HistoryQuery where(String tenantId, HistoryFilter filter) {
    HistoryFilter f = filter == null ? HistoryFilter.NONE : filter;
    HistoryQuery where = new HistoryQuery().and("c.tenant_id = ?", tenantId);
    if (f.from() != null) {
      where.and("c.created_at >= ?", f.from());
    }
    if (f.to() != null) {
      where.and("c.created_at < ?", f.to());
    }
    if (f.siteId() != null) {
      where.and("c.site_id = ?", f.siteId());
    }
    if (f.departmentId() != null) {
      where.and("c.department_id = ?", f.departmentId());
    }
    if (f.agentId() != null) {
      where.and("c.agent_id = ?", f.agentId());
    }
    if (f.state() != null) {
      where.and("c.state = ?", f.state().name());
    }
    if (f.rating() != null) {
      if (f.rating() == 0) {
        where.and("c.rating_score IS NULL");
      } else {
        where.and("c.rating_score = ?", f.rating());
      }
    }
    if (f.visitor() != null) {
      visitor(where, tenantId, f.visitor());
    }
    if (f.words() != null) {
      words(where, tenantId, f.words());
    }
    return where;
  }

  /** Most visitors one visitor text may name (an exact name is shared by a few at most). */
  static final int MAX_VISITORS = 1_000;

  /**
   * A visitor by id, or by the keyed hash of their exact name, e-mail address or the site's user
   * id, under every key of the ring (rows not re-encrypted yet after a rotation still count). The
   * visitors are looked up first, each way through its own index; the conversations are then those
   * of the visitors found.
   */
  private void visitor(HistoryQuery where, String tenantId, String text) {
    DataCipher cipher = keys.cipher();
    List<String> names = cipher.indexes(Visitor.nameKey(text));
    List<String> users = cipher.indexes(Visitor.userKey(text));
    StringBuilder sql =
        new StringBuilder("SELECT v.id FROM visitor v WHERE v.tenant_id = ?1 AND v.id = ?2");
    List<Object> values = new ArrayList<>(List.of(tenantId, text));
    sql.append(" UNION SELECT v.id FROM visitor v WHERE v.tenant_id = ?1 AND v.name_index IN ");
    sql.append(numberedList(values, names));
    sql.append(" UNION SELECT v.id FROM visitor v WHERE v.tenant_id = ?1");
    sql.append(" AND v.external_user_index IN ").append(numberedList(values, users));
    if (text.contains("@")) {
      List<String> emails = cipher.indexes(Visitor.emailKey(text));
      sql.append(" UNION SELECT v.id FROM visitor v WHERE v.tenant_id = ?1 AND v.email_index IN ");
      sql.append(numberedList(values, emails));
    }
    Query query = em.createNativeQuery(sql.toString());
    bind(query, values);
    query.setMaxResults(MAX_VISITORS);
    List<String> visitors = ids(query);
    if (visitors.isEmpty()) {
      where.and("1 = 0");
    } else {
      where.and("c.visitor_id IN " + HistoryQuery.list(visitors.size()), visitors.toArray());
    }
  }

  /** {@code (?n, ?n+1, …)} for these values, added to {@code values}. */
  private static String numberedList(List<Object> values, List<String> more) {
    StringBuilder list = new StringBuilder("(");
    for (String value : more) {
      values.add(value);
      list.append(list.length() == 1 ? "" : ", ").append('?').append(values.size());
    }
    return list.append(')').toString();
  }

  /**
   * The conversations with a message that holds all the words: the matching messages are found
   * once, in a derived table, and joined. (As a semi-join, MariaDB at times chose to test the
   * messages of each conversation in turn, minutes on a million messages.)
   */
  private void words(HistoryQuery where, String tenantId, String words) {
    WordSearch search = WordSearch.of(words, fullTextIndex());
    if (search.terms().isEmpty()) {
      return;
    }
    StringBuilder fragment =
        new StringBuilder(
            "JOIN (SELECT DISTINCT m.conversation_id FROM message m WHERE m.tenant_id = ?");
    List<Object> values = new ArrayList<>();
    values.add(tenantId);
    if (search.wordQuery() != null) {
      fragment.append(" AND MATCH (m.body) AGAINST (? IN BOOLEAN MODE)");
      values.add(search.wordQuery());
    }
    if (search.pairQuery() != null) {
      fragment.append(" AND MATCH (m.cjk_terms) AGAINST (? IN BOOLEAN MODE)");
      values.add(search.pairQuery());
    }
    for (String term : search.compared()) {
      fragment.append(" AND m.body LIKE ? ESCAPE '!'");
      values.add(WordSearch.likePattern(term));
    }
    // The LIMIT, never reached, keeps MariaDB from reading the messages in the order of a
    // conversation index, a random read of each row (4.4 s instead of 0.6 s over a million
    // messages by LIKE): a limited derived table is read by itself and materialized once.
    fragment.append(" LIMIT ").append(Integer.MAX_VALUE).append(") w ON w.conversation_id = c.id");
    where.join(fragment.toString(), values.toArray());
  }

  private static void bind(Query query, List<Object> parameters) {
    for (int i = 0; i < parameters.size(); i++) {
      query.setParameter(i + 1, parameters.get(i));
    }
  }

  @SuppressWarnings("unchecked")
  private List<HistoryRow> rows(Query query) {
    NativeQuery<Object[]> typed = query.unwrap(NativeQuery.class);
    for (String column :
        List.of(
            "id",
            "created_at",
            "site_id",
            "site_name",
            "department_id",
            "department_name",
            "agent_id",
            "agent_name",
            "visitor_id",
            "visitor_name",
            "visitor_email",
            "state",
            "rating",
            "rating_comment",
            "assigned_at",
            "first_response_at",
            "closed_at",
            "closed_by",
            "messages",
            "first_words")) {
      if (column.endsWith("_at")) {
        typed.addScalar(column, StandardBasicTypes.INSTANT);
      } else if (column.equals("rating")) {
        typed.addScalar(column, StandardBasicTypes.INTEGER);
      } else if (column.equals("messages")) {
        typed.addScalar(column, StandardBasicTypes.LONG);
      } else {
        typed.addScalar(column, StandardBasicTypes.STRING);
      }
    }
    DataCipher cipher = keys.cipher();
    List<HistoryRow> rows = new ArrayList<>();
    for (Object[] r : typed.getResultList()) {
      rows.add(
          new HistoryRow(
              (String) r[0],
              (Instant) r[1],
              (String) r[2],
              (String) r[3],
              (String) r[4],
              (String) r[5],
              (String) r[6],
              (String) r[7],
              (String) r[8],
              open(cipher, (String) r[9]),
              open(cipher, (String) r[10]),
              ((String) r[11]).toLowerCase(Locale.ROOT),
              (Integer) r[12],
              (String) r[13],
              (Instant) r[14],
              (Instant) r[15],
              (Instant) r[16],
              (String) r[17],
              r[18] == null ? 0 : (Long) r[18],
              (String) r[19]));
    }
    return rows;
  }

  /** A sealed value in clear; one that cannot be opened reads as the placeholder, as elsewhere. */
  private static String open(DataCipher cipher, String stored) {
    try {
      return cipher.open(stored);
    } catch (DataCipher.Unreadable e) {
      return dev.kefu.setup.entity.Sealed.UNREADABLE;
    }
  }
}
