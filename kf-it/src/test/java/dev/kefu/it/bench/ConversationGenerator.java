package dev.kefu.it.bench;

import dev.kefu.shared.DataCipher;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fills a Kefu database with a realistic history for benchmarks of the back office: sites,
 * departments, agents, visitors, conversations with their messages, system lines, internal notes
 * and ratings, spread over the last days with office-hour peaks. Writes with plain JDBC in
 * multi-row INSERTs, so 100,000 conversations and 1,000,000 messages take a few minutes.
 *
 * <p>The database must have Kefu's schema already (start Kefu once on it). Visitors' names and
 * e-mail addresses are sealed with the installation's data key and given their keyed hashes, as
 * Kefu writes them, so the server started with the same key reads and finds them.
 *
 * <pre>
 * java -cp kf-it/target/test-classes:kf-ejb/target/classes:kf-it/target/runtime/mariadb-java-client.jar \
 *   dev.kefu.it.bench.ConversationGenerator --url jdbc:mariadb://127.0.0.1:3306/kf_bench \
 *   --user root --password '' --data-key BASE64 --conversations 100000 --messages 1000000
 * </pre>
 *
 * Options: {@code --tenant ID} (default: the tenant of the account {@code admin}, else the oldest
 * tenant), {@code --days 90}, {@code --seed 1}, {@code --sites 3}, {@code --departments 4}, {@code
 * --agents 12}. Each run adds a new set of sites, departments and agents (names with a run tag), so
 * it may run again on the same database.
 */
public final class ConversationGenerator {

  private static final int ROWS_PER_INSERT = 500;

  static final String[][] EN_VISITOR = {
    {"Hi, I ordered a laptop last week and the shipping still shows pending"},
    {"Can I get a refund for order", "it arrived broken"},
    {"I forgot my password and the reset email never arrives"},
    {"Where can I download the invoice for my subscription?"},
    {"Do you ship to Singapore? How long does delivery take?"},
    {"The discount code SUMMER does not work at checkout"},
    {"My account was charged twice this month, please check"},
    {"How do I change the delivery address of an open order?"},
    {"Is the warranty valid outside China?"},
    {"The app crashes when I upload a photo"},
  };
  static final String[] EN_AGENT = {
    "Hello, thank you for contacting us. Let me check that for you.",
    "I can see your order here, one moment please.",
    "I have started the refund, it takes three to five working days.",
    "I have sent a new password reset link to your email address.",
    "You can download every invoice under Account > Billing.",
    "Yes, we ship to Singapore, delivery takes about a week.",
    "The code expired yesterday, I have applied the discount manually.",
    "I am sorry for the trouble, the double charge has been reversed.",
    "Is there anything else I can help you with today?",
    "Thank you for waiting, the warranty is international.",
  };
  static final String[][] ZH_VISITOR = {
    {"你好，我上周买的笔记本电脑物流一直显示待发货"},
    {"订单到了但是屏幕坏了，可以退款吗", "我想申请退款"},
    {"忘记密码了，重置邮件一直收不到"},
    {"请问在哪里下载发票？"},
    {"可以寄到新加坡吗？大概几天到？"},
    {"优惠码在结算时用不了"},
    {"这个月被扣了两次款，麻烦查一下"},
    {"下单后还能修改收货地址吗？"},
    {"保修在国外有效吗？"},
    {"上传照片的时候应用闪退"},
  };
  static final String[] ZH_AGENT = {
    "您好，感谢您的咨询，我帮您查一下。",
    "我这边看到您的订单了，请稍等。",
    "已经为您提交退款，三到五个工作日到账。",
    "新的密码重置链接已经发送到您的邮箱。",
    "发票可以在 账户 > 账单 页面下载。",
    "可以寄到新加坡，大约一周送达。",
    "这个优惠码昨天已过期，我已经手动为您优惠。",
    "非常抱歉，重复扣款已经退回。",
    "请问还有其他可以帮您的吗？",
    "感谢您的耐心等待，保修是全球联保的。",
  };
  static final String[] EN_NAMES = {
    "Alice Brown",
    "Bob Smith",
    "Carol White",
    "David Lee",
    "Emma Green",
    "Frank Miller",
    "Grace Hall",
    "Henry Young",
    "Ivy King",
    "Jack Wright"
  };
  static final String[] ZH_NAMES = {"王芳", "李伟", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄强", "周杰", "吴霞"};
  static final String[] RATING_COMMENTS = {
    "Very helpful, thanks!", "Quick answer", "Took too long", "非常满意", "回复很快", "没有解决问题"
  };
  static final String[] NOTES = {
    "Customer is a VIP, handle with care", "Escalated to billing team", "需要财务跟进", "客户情绪激动，已安抚"
  };

  private final Connection db;
  private final DataCipher cipher;
  private final SplittableRandom random;
  private final String tenantId;
  private final String tag;
  private final boolean nameIndex;

  ConversationGenerator(Connection db, DataCipher cipher, long seed, String tenantId)
      throws SQLException {
    this.db = db;
    this.cipher = cipher;
    this.random = new SplittableRandom(seed);
    this.tenantId = tenantId;
    this.tag = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    this.nameIndex = hasColumn(db, "visitor", "name_index");
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("options are --name value, not " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    String url = required(options, "url");
    String key = options.getOrDefault("data-key", System.getenv("KF_DATA_KEY"));
    if (key == null) {
      throw new IllegalArgumentException("--data-key (or KF_DATA_KEY) is required");
    }
    int conversations = Integer.parseInt(options.getOrDefault("conversations", "100000"));
    int messages = Integer.parseInt(options.getOrDefault("messages", "1000000"));
    int days = Integer.parseInt(options.getOrDefault("days", "90"));
    long seed = Long.parseLong(options.getOrDefault("seed", "1"));
    int sites = Integer.parseInt(options.getOrDefault("sites", "3"));
    int departments = Integer.parseInt(options.getOrDefault("departments", "4"));
    int agents = Integer.parseInt(options.getOrDefault("agents", "12"));
    if (messages < 2L * conversations) {
      throw new IllegalArgumentException("at least two messages per conversation");
    }
    long started = System.nanoTime();
    try (Connection db =
        DriverManager.getConnection(
            url, options.getOrDefault("user", "root"), options.getOrDefault("password", ""))) {
      String tenant = options.containsKey("tenant") ? options.get("tenant") : defaultTenant(db);
      DataCipher cipher = new DataCipher(List.of(DataCipher.decodeKey(key)));
      ConversationGenerator generator = new ConversationGenerator(db, cipher, seed, tenant);
      generator.generate(sites, departments, agents, conversations, messages, days);
    }
    System.out.printf(
        Locale.ROOT,
        "generated %d conversations and %d messages in %.1f s%n",
        conversations,
        messages,
        (System.nanoTime() - started) / 1e9);
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  static String defaultTenant(Connection db) throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("select tenant_id from agent where username = 'admin'")) {
      if (r.next()) {
        return r.getString(1);
      }
    }
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("select id from tenant order by created_at")) {
      if (r.next()) {
        return r.getString(1);
      }
    }
    throw new IllegalStateException("no tenant: start Kefu once on this database first");
  }

  static boolean hasColumn(Connection db, String table, String column) throws SQLException {
    DatabaseMetaData meta = db.getMetaData();
    for (String t : List.of(table, table.toUpperCase(Locale.ROOT))) {
      for (String c : List.of(column, column.toUpperCase(Locale.ROOT))) {
        try (ResultSet r = meta.getColumns(db.getCatalog(), null, t, c)) {
          if (r.next()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private record Department(String id, List<Agent> agents) {}

  private record Agent(String id, String name) {}

  private record Site(String id, String language, List<Department> departments) {}

  private record Visitor(String id, Site site, String name, boolean chinese) {}

  void generate(
      int siteCount, int departmentCount, int agentCount, int conversations, int messages, int days)
      throws SQLException {
    db.setAutoCommit(false);
    try (Statement s = db.createStatement()) {
      s.execute("SET SESSION foreign_key_checks = 0");
      s.execute("SET SESSION unique_checks = 0");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant start = now.minus(Duration.ofDays(days));

    List<Department> departments = new ArrayList<>();
    Rows departmentRows = new Rows("department", "id, tenant_id, name, created_at");
    for (int d = 0; d < departmentCount; d++) {
      String id = id("d");
      departmentRows.add(id, tenantId, "Bench " + tag + " department " + (d + 1), time(start));
      departments.add(new Department(id, new ArrayList<>()));
    }
    departmentRows.flush();
    Rows agentRows =
        new Rows(
            "agent", "id, tenant_id, username, display_name, roles, status, capacity, created_at");
    Rows memberRows = new Rows("department_member", "department_id, agent_id");
    for (int a = 0; a < agentCount; a++) {
      String id = id("a");
      String name = (a % 2 == 0 ? ZH_NAMES[a % ZH_NAMES.length] : EN_NAMES[a % EN_NAMES.length]);
      name = name + " " + (a + 1);
      agentRows.add(
          id,
          tenantId,
          "bench-" + tag + "-" + (a + 1),
          name,
          "kf-agent",
          "OFFLINE",
          5,
          time(start));
      Agent agent = new Agent(id, name);
      Department home = departments.get(a % departments.size());
      home.agents().add(agent);
      memberRows.add(home.id(), id);
      if (a % 3 == 0 && departments.size() > 1) {
        Department second = departments.get((a + 1) % departments.size());
        second.agents().add(agent);
        memberRows.add(second.id(), id);
      }
    }
    agentRows.flush();
    memberRows.flush();

    List<Site> sites = new ArrayList<>();
    Rows siteRows =
        new Rows(
            "site",
            "id, tenant_id, site_key, name, allowed_origins, greeting, secret, enabled,"
                + " default_department_id, created_at");
    for (int s = 0; s < siteCount; s++) {
      String id = id("s");
      String language = s % 3 == 0 ? "zh" : s % 3 == 1 ? "en" : "mixed";
      List<Department> own = new ArrayList<>();
      for (int d = 0; d < departments.size(); d++) {
        if (d % siteCount == s || departments.size() <= siteCount || d == s) {
          own.add(departments.get(d));
        }
      }
      if (own.isEmpty()) {
        own.add(departments.get(s % departments.size()));
      }
      siteRows.add(
          id,
          tenantId,
          "bench" + tag + s + random.nextInt(1_000_000),
          "Bench " + tag + " site " + (s + 1) + " (" + language + ")",
          "https://shop" + (s + 1) + ".example",
          language.equals("en") ? "Hello! How can we help?" : "您好，请问有什么可以帮您？",
          id("k"),
          true,
          own.get(0).id(),
          time(start));
      sites.add(new Site(id, language, own));
    }
    siteRows.flush();
    db.commit();
    System.out.printf(
        "run %s: %d sites, %d departments, %d agents in tenant %s%n",
        tag, sites.size(), departments.size(), agentCount, tenantId);

    // Visitors: about six of ten conversations come from a visitor seen for the first time.
    int visitorCount = Math.max(1, conversations * 6 / 10);
    List<Visitor> visitors = new ArrayList<>(visitorCount);
    String visitorColumns =
        "id, tenant_id, site_id, external_user_id, external_user_index, name, email, email_index,"
            + " locale, device, browser, visits, created_at, last_seen_at"
            + (nameIndex ? ", name_index" : "");
    Rows visitorRows = new Rows("visitor", visitorColumns);
    for (int v = 0; v < visitorCount; v++) {
      Site site = sites.get(random.nextInt(sites.size()));
      boolean chinese =
          site.language().equals("zh") || (site.language().equals("mixed") && random.nextBoolean());
      String id = id("v");
      String name = null;
      String email = null;
      String userId = null;
      if (random.nextInt(10) < 6) {
        name =
            (chinese ? ZH_NAMES : EN_NAMES)[random.nextInt(10)]
                + (random.nextInt(4) == 0 ? "" : " " + (v % 997));
      }
      if (random.nextInt(10) < 4) {
        email = "customer" + v + "@mail" + (v % 7) + ".example";
      }
      if (random.nextInt(10) < 2) {
        userId = "u" + v;
      }
      Instant created = start.plusSeconds(random.nextLong(Duration.ofDays(days).getSeconds()));
      List<Object> row = new ArrayList<>();
      row.add(id);
      row.add(tenantId);
      row.add(site.id());
      row.add(userId == null ? null : cipher.seal(userId));
      row.add(userId == null ? null : cipher.index(userId));
      row.add(name == null ? null : cipher.seal(name));
      row.add(email == null ? null : cipher.seal(email));
      row.add(email == null ? null : cipher.index(email.strip().toLowerCase(Locale.ROOT)));
      row.add(chinese ? "zh-CN" : "en-US");
      row.add(random.nextInt(3) == 0 ? "mobile" : "desktop");
      row.add(random.nextBoolean() ? "Chrome" : "Safari");
      row.add(1 + random.nextInt(5));
      row.add(time(created));
      row.add(time(created));
      if (nameIndex) {
        row.add(name == null ? null : cipher.index(nameKey(name)));
      }
      visitorRows.add(row.toArray());
      visitors.add(new Visitor(id, site, name, chinese));
      if (visitorRows.size() == 0) {
        db.commit();
      }
    }
    visitorRows.flush();
    db.commit();

    int[] counts = messageCounts(conversations, messages);
    Rows conversationRows =
        new Rows(
            "conversation",
            "id, tenant_id, site_id, department_id, visitor_id, agent_id, state, last_seq,"
                + " visitor_read_seq, agent_read_seq, created_at, assigned_at, first_response_at,"
                + " closed_at, closed_by, rating_score, rating_comment, rated_at");
    Rows messageRows =
        new Rows(
            "message",
            "id, tenant_id, conversation_id, seq, client_msg_id, sender_type, sender_id,"
                + " sender_name, body, cjk_terms, created_at");
    Rows noteRows =
        new Rows(
            "conversation_note",
            "id, tenant_id, conversation_id, client_msg_id, author_id, author_name, body,"
                + " created_at");
    long span = Duration.between(start, now).getSeconds();
    long written = 0;
    for (int c = 0; c < conversations; c++) {
      Visitor visitor = visitors.get(random.nextInt(visitors.size()));
      Site site = visitor.site();
      Department department = site.departments().get(random.nextInt(site.departments().size()));
      Instant created = officeHours(start, span);
      boolean open = c >= conversations - Math.max(1, conversations / 1000);
      if (open) {
        created = now.minusSeconds(random.nextInt(1800));
      }
      boolean missed = !open && random.nextInt(100) < 7;
      Agent agent =
          missed || department.agents().isEmpty()
              ? null
              : department.agents().get(random.nextInt(department.agents().size()));
      String state;
      Instant assigned = null;
      Instant firstResponse = null;
      Instant closed = null;
      String closedBy = null;
      long wait = Math.min(900, Math.round(-Math.log(1 - random.nextDouble()) * 25));
      long respond = Math.min(600, Math.round(-Math.log(1 - random.nextDouble()) * 15));
      long handle = 120 + Math.round(Math.exp(random.nextGaussian() * 0.7) * 360);
      if (open) {
        state = agent == null || random.nextBoolean() ? "QUEUED" : "ASSIGNED";
        if (state.equals("QUEUED")) {
          agent = null;
        } else {
          assigned = created.plusSeconds(wait);
        }
      } else if (missed || agent == null) {
        state = "MISSED";
        agent = null;
        closed = created.plusSeconds(60 + random.nextInt(240));
        closedBy = random.nextBoolean() ? "visitor" : "system";
      } else {
        state = "CLOSED";
        assigned = created.plusSeconds(wait);
        firstResponse = assigned.plusSeconds(respond);
        closed = created.plusSeconds(Math.max(handle, wait + respond + 30));
        int by = random.nextInt(20);
        closedBy = by < 9 ? "visitor" : by < 19 ? "agent" : "system";
      }
      Integer score = null;
      String comment = null;
      Instant rated = null;
      if (state.equals("CLOSED") && random.nextInt(100) < 35) {
        int r = random.nextInt(100);
        score = r < 55 ? 5 : r < 80 ? 4 : r < 90 ? 3 : r < 95 ? 2 : 1;
        comment = random.nextInt(5) == 0 ? RATING_COMMENTS[random.nextInt(6)] : null;
        rated = closed.plusSeconds(5 + random.nextInt(60));
      }
      String id = id("c");
      int count = counts[c];
      conversationRows.add(
          id,
          tenantId,
          site.id(),
          department.id(),
          visitor.id(),
          agent == null ? null : agent.id(),
          state,
          (long) count,
          (long) count,
          (long) (agent == null ? 0 : count),
          time(created),
          time(assigned),
          time(firstResponse),
          time(closed),
          closedBy,
          score,
          comment,
          time(rated));
      messages(messageRows, id, visitor, agent, count, created, firstResponse, closed, missed);
      if (agent != null && random.nextInt(10) == 0) {
        noteRows.add(
            id("n"),
            tenantId,
            id,
            "note-" + id("x"),
            agent.id(),
            agent.name(),
            NOTES[random.nextInt(NOTES.length)],
            time(created.plusSeconds(wait + respond + 10)));
      }
      written += count;
      if ((c + 1) % 2000 == 0) {
        conversationRows.flush();
        messageRows.flush();
        noteRows.flush();
        db.commit();
        if ((c + 1) % 20000 == 0) {
          System.out.printf("%d conversations, %d messages%n", c + 1, written);
        }
      }
    }
    conversationRows.flush();
    messageRows.flush();
    noteRows.flush();
    db.commit();
  }

  /** The messages of one conversation: system lines, the visitor's and the agent's turns. */
  private void messages(
      Rows rows,
      String conversationId,
      Visitor visitor,
      Agent agent,
      int count,
      Instant created,
      Instant firstResponse,
      Instant closed,
      boolean missed)
      throws SQLException {
    boolean chinese = visitor.chinese();
    String[] topic = (chinese ? ZH_VISITOR : EN_VISITOR)[random.nextInt(10)];
    Instant end = closed != null ? closed : created.plusSeconds(count * 20L);
    long step = Math.max(1, Duration.between(created, end).getSeconds() / (count + 1));
    String sealedVisitorName = visitor.name() == null ? null : cipher.seal(visitor.name());
    for (int seq = 1; seq <= count; seq++) {
      Instant at = created.plusSeconds(step * seq);
      String type;
      String senderId = null;
      String senderName = null;
      String body;
      if (seq == 1) {
        type = "VISITOR";
        senderId = visitor.id();
        senderName = sealedVisitorName;
        body = topic[0];
      } else if (seq == count && (missed || agent != null)) {
        type = "SYSTEM";
        body =
            missed
                ? (chinese ? "暂时无人接待，会话已结束" : "No agent was available, the conversation ended")
                : (chinese ? "会话已结束" : "The conversation was closed");
      } else if (seq == 2 && agent != null) {
        type = "SYSTEM";
        body = chinese ? agent.name() + " 已接入会话" : agent.name() + " joined the conversation";
        at = firstResponse != null ? firstResponse.minusSeconds(1) : at;
      } else if (agent != null && seq % 2 == 1) {
        type = "AGENT";
        senderId = agent.id();
        senderName = agent.name();
        body = (chinese ? ZH_AGENT : EN_AGENT)[random.nextInt(10)];
      } else {
        type = "VISITOR";
        senderId = visitor.id();
        senderName = sealedVisitorName;
        body = topic[random.nextInt(topic.length)];
        if (random.nextInt(4) == 0) {
          body = body + (chinese ? "，谢谢" : ", thanks") + " #" + random.nextInt(100_000);
        }
      }
      rows.add(
          id("m"),
          tenantId,
          conversationId,
          (long) seq,
          "gen-" + seq,
          type,
          senderId,
          senderName,
          body,
          dev.kefu.shared.CjkTerms.of(body),
          time(at));
    }
  }

  /** Times over the span, most in office hours of China (01:00–10:00 UTC), fewer at weekends. */
  private Instant officeHours(Instant start, long span) {
    while (true) {
      Instant at = start.plusSeconds(random.nextLong(span));
      LocalDateTime local = LocalDateTime.ofInstant(at, ZoneOffset.ofHours(8));
      int hour = local.getHour();
      int weight = hour >= 9 && hour < 18 ? 10 : hour >= 7 && hour < 23 ? 4 : 1;
      if (local.getDayOfWeek().getValue() >= 6) {
        weight = Math.max(1, weight / 2);
      }
      if (random.nextInt(10) < weight) {
        return at;
      }
    }
  }

  /** How many messages each conversation gets: at least two, adding up to exactly {@code total}. */
  private int[] messageCounts(int conversations, int total) {
    int[] counts = new int[conversations];
    double mean = (double) total / conversations;
    long sum = 0;
    for (int i = 0; i < conversations; i++) {
      counts[i] = (int) Math.max(2, Math.round(2 + random.nextDouble() * 2 * (mean - 2)));
      sum += counts[i];
    }
    while (sum != total) {
      int i = random.nextInt(conversations);
      if (sum < total) {
        counts[i]++;
        sum++;
      } else if (counts[i] > 2) {
        counts[i]--;
        sum--;
      }
    }
    return counts;
  }

  /**
   * A visitor's name as Kefu hashes it for the exact-name lookup: trimmed, spaces single, lower.
   */
  static String nameKey(String name) {
    return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private String id(String prefix) {
    byte[] raw = new byte[16];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) random.nextInt(256);
    }
    return prefix + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private static LocalDateTime time(Instant at) {
    return at == null ? null : LocalDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  /** Rows of one table, written as one multi-row INSERT every {@value #ROWS_PER_INSERT} rows. */
  private final class Rows {
    private final String table;
    private final String columns;
    private final int width;
    private final List<Object[]> pending = new ArrayList<>();

    Rows(String table, String columns) {
      this.table = table;
      this.columns = columns;
      this.width = columns.split(",").length;
    }

    int size() {
      return pending.size();
    }

    void add(Object... values) throws SQLException {
      if (values.length != width) {
        throw new IllegalArgumentException(table + ": " + values.length + " values for " + width);
      }
      pending.add(values);
      if (pending.size() >= ROWS_PER_INSERT) {
        flush();
      }
    }

    void flush() throws SQLException {
      if (pending.isEmpty()) {
        return;
      }
      String one = "(" + "?,".repeat(width - 1) + "?)";
      StringBuilder sql = new StringBuilder("insert into ").append(table);
      sql.append(" (").append(columns).append(") values ");
      for (int i = 0; i < pending.size(); i++) {
        sql.append(i == 0 ? "" : ",").append(one);
      }
      try (PreparedStatement insert = db.prepareStatement(sql.toString())) {
        int p = 1;
        for (Object[] row : pending) {
          for (Object value : row) {
            insert.setObject(p++, value);
          }
        }
        insert.executeUpdate();
      }
      pending.clear();
    }
  }
}
