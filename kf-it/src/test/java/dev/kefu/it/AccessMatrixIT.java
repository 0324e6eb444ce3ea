package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kefu.it.Kefu.Visitor;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may do what, proved against the running server for every REST endpoint, every Faces view and
 * every frame type the sockets accept, each found in the shipped WAR itself ({@link ShippedWar}),
 * for each kind of caller ({@link Who}). The expected answer of every cell is in {@link #TABLE}; an
 * endpoint, view or frame type the table does not classify fails the test, so nothing new ships
 * unclassified. The matrix is printed, and written to {@code target/access-matrix.md}; {@code
 * docs/roles.md} shows the same table.
 *
 * <p>Where a cell names an object, it is one of the first tenant: a conversation in the demo
 * department, assigned to an agent who is none of the callers. So an agent has no business with it,
 * a supervisor of that department and an admin of that tenant do, and the admin of another tenant
 * must find nothing.
 */
@ExtendWith(KefuServer.class)
class AccessMatrixIT {

  /** The kinds of caller of every cell. */
  enum Who {
    ANONYMOUS,
    VISITOR,
    AGENT,
    SUPERVISOR,
    ADMIN,
    OTHER_ADMIN;

    String column() {
      return switch (this) {
        case ANONYMOUS -> "anonymous";
        case VISITOR -> "visitor";
        case AGENT -> "agent";
        case SUPERVISOR -> "supervisor";
        case ADMIN -> "admin";
        case OTHER_ADMIN -> "admin, other tenant";
      };
    }
  }

  private static final Set<Who> NOBODY = EnumSet.noneOf(Who.class);
  private static final Set<Who> EVERYONE = EnumSet.allOf(Who.class);
  private static final Set<Who> STAFF =
      EnumSet.of(Who.AGENT, Who.SUPERVISOR, Who.ADMIN, Who.OTHER_ADMIN);
  private static final Set<Who> ADMINS = EnumSet.of(Who.ADMIN, Who.OTHER_ADMIN);
  private static final Set<Who> MANAGERS = EnumSet.of(Who.SUPERVISOR, Who.ADMIN);

  /**
   * The classification: who is let through, per endpoint, view and frame type. REST endpoints are
   * relative to {@code /api/v1}; views to the application; frames are {@code socket:type}.
   */
  static final Map<String, Set<Who>> TABLE = new LinkedHashMap<>();

  static {
    // REST. Public: what start scripts and the sign-in page call before anyone is signed in.
    TABLE.put("GET status", EVERYONE);
    TABLE.put("POST auth/login", EVERYONE);
    TABLE.put("POST auth/logout", EVERYONE);
    TABLE.put("GET auth/options", EVERYONE);
    TABLE.put("GET auth/me", STAFF);
    TABLE.put("POST auth/ws-ticket", STAFF);
    // Another agent's conversation: its supervisor and its tenant's admin only.
    TABLE.put("GET conversations/{id}/messages", MANAGERS);
    // What the console shows beside a conversation: the same people as its history.
    TABLE.put("GET conversations/{id}/notes", MANAGERS);
    TABLE.put("GET conversations/{id}/pages", MANAGERS);
    TABLE.put("GET conversations/{id}/previous", MANAGERS);
    TABLE.put("GET conversations/{id}/previous/{previousId}/messages", MANAGERS);
    // Supervisors (and admins) list the live conversations they supervise; each admin their own
    // tenant's, which the other tenant's admin's answer is checked for.
    TABLE.put("GET conversations/live", EnumSet.of(Who.SUPERVISOR, Who.ADMIN, Who.OTHER_ADMIN));
    // Canned replies: every member of staff has their own and reads the tenant's shared ones; the
    // cell's object is a shared reply of the first tenant, which supervisors and admins keep.
    // Whom to hand a conversation to: the agents and departments of the caller's own tenant.
    TABLE.put("GET transfer-targets", STAFF);
    TABLE.put("GET canned-replies", STAFF);
    TABLE.put("POST canned-replies", STAFF);
    TABLE.put("PUT canned-replies/{id}", MANAGERS);
    TABLE.put("DELETE canned-replies/{id}", MANAGERS);
    // Files: a visitor uploads with their token (header X-Kefu-Visitor); staff upload only into a
    // conversation assigned to them, so none of the callers into the target conversation. A file
    // of the target conversation is downloaded by its supervisor and its tenant's admin (and its
    // own visitor and agent, FilesIT); another visitor finds nothing.
    TABLE.put("POST files", EnumSet.of(Who.VISITOR));
    TABLE.put("GET files/{id}", MANAGERS);
    // The transcript download: a visitor (token in X-Kefu-Visitor) of their own conversation only;
    // staff credentials count for nothing there. Another visitor's conversation is 404 (WidgetIT).
    TABLE.put("GET visitor/conversations/{conversationId}/transcript", EnumSet.of(Who.VISITOR));
    // Each admin their own tenant's; what they get back is checked for the other tenant's data.
    TABLE.put("GET sites", ADMINS);
    // No site has the target conversation's id: each admin finds none, everyone else is refused.
    TABLE.put("PUT sites/{id}/widget", NOBODY);
    // The inbox: each member of staff the left messages and missed conversations of their own
    // departments (the whole tenant for an admin); answering another's message finds nothing.
    TABLE.put("GET inbox/offline-messages", STAFF);
    TABLE.put("POST inbox/offline-messages/{id}/answer", NOBODY);
    TABLE.put("POST inbox/offline-messages/{id}/handled", NOBODY);
    TABLE.put("DELETE inbox/offline-messages/{id}/handled", NOBODY);
    TABLE.put("GET inbox/missed", STAFF);
    TABLE.put("GET audit", ADMINS);
    // The re-encryption of the whole installation's personal data: its admins (of any tenant, in a
    // single-tenant installation; the platform operator's in a multi-tenant one). Probing it runs
    // a pass, which changes nothing that reads differently.
    TABLE.put("GET admin/data-key", ADMINS);
    TABLE.put("POST admin/data-key/reencrypt", ADMINS);
    // Accounts: an admin makes them in their own tenant; a password is set only on an account of
    // the admin's tenant (the cell's object is the first tenant's agent).
    TABLE.put("POST accounts", ADMINS);
    TABLE.put("PUT accounts/{agentId}/password", EnumSet.of(Who.ADMIN));
    // Binding an account to a person of the identity provider, or unbinding it: the same.
    TABLE.put("PUT accounts/{agentId}/identity", EnumSet.of(Who.ADMIN));
    TABLE.put("DELETE accounts/{agentId}/identity", EnumSet.of(Who.ADMIN));
    // Routing settings: admins change their own tenant's, supervisors read them, every member of
    // staff lists the custom statuses to pick one. An object of the first tenant (department,
    // agent, status, site) is another tenant's admin's business as little as anyone's.
    TABLE.put("GET agents", EnumSet.of(Who.SUPERVISOR, Who.ADMIN, Who.OTHER_ADMIN));
    TABLE.put("PUT agents/{agentId}/routing", EnumSet.of(Who.ADMIN));
    TABLE.put("GET agent-statuses", STAFF);
    TABLE.put("POST agent-statuses", ADMINS);
    TABLE.put("PUT agent-statuses/{statusId}", EnumSet.of(Who.ADMIN));
    TABLE.put("DELETE agent-statuses/{statusId}", EnumSet.of(Who.ADMIN));
    TABLE.put("GET departments", EnumSet.of(Who.SUPERVISOR, Who.ADMIN, Who.OTHER_ADMIN));
    TABLE.put("POST departments", ADMINS);
    TABLE.put("GET departments/{departmentId}", MANAGERS);
    TABLE.put("PUT departments/{departmentId}", EnumSet.of(Who.ADMIN));
    TABLE.put("DELETE departments/{departmentId}", EnumSet.of(Who.ADMIN));
    TABLE.put("PUT departments/{departmentId}/members", EnumSet.of(Who.ADMIN));
    TABLE.put("GET sites/{siteId}/routing-rules", MANAGERS);
    TABLE.put("PUT sites/{siteId}/routing-rules", EnumSet.of(Who.ADMIN));
    // Tenants exist for a platform operator of a multi-tenant installation only (TenantsIT);
    // this one is single-tenant, where the endpoints answer 404 to everyone.
    TABLE.put("GET tenants", NOBODY);
    TABLE.put("POST tenants", NOBODY);
    // Faces views of the admin console; templates are never pages.
    TABLE.put("admin/index.xhtml", ADMINS);
    TABLE.put("admin/sites.xhtml", ADMINS);
    TABLE.put("admin/departments.xhtml", ADMINS);
    TABLE.put("admin/templates/layout.xhtml", NOBODY);
    // The back office: staff (endpoints and views).
    // Disabling and enabling: an admin, on an account of their own tenant (probed on an account of
    // its own, so that the callers' accounts stay usable); one's own password: any member of staff
    // (the probe's empty body changes nothing).
    TABLE.put("POST accounts/{agentId}/disable", EnumSet.of(Who.ADMIN));
    TABLE.put("POST accounts/{agentId}/enable", EnumSet.of(Who.ADMIN));
    TABLE.put("PUT auth/password", STAFF);
    TABLE.put("admin/staff.xhtml", ADMINS);
    TABLE.put("admin/templates/own-password.xhtml", NOBODY);

    // The back office: sites (endpoints and views).
    // Making a site: each admin in their own tenant (the probe's empty body is refused as a bad
    // request, after the role was checked, so no site is made). Deleting one: no site has the
    // target conversation's id, so each admin finds none, everyone else is refused (SitesIT
    // deletes).
    TABLE.put("POST sites", ADMINS);
    TABLE.put("DELETE sites/{id}", NOBODY);

    // The back office: routing (endpoints and views).
    // The rule test reads a site's rules as the router applies them: whoever reads the rules.
    TABLE.put("GET sites/{siteId}/routing-rules/test", MANAGERS);
    TABLE.put("admin/routing.xhtml", ADMINS);

    // The back office: canned (endpoints and views).
    TABLE.put("admin/canned.xhtml", ADMINS);

    // The back office: conversations (endpoints and views).
    // The history: each admin searches and exports their own tenant's conversations (what the
    // other tenant's admin gets back is checked: their own conversation, none of the first
    // tenant's); a conversation of the first tenant opens for its admin only.
    TABLE.put("GET history/conversations", ADMINS);
    TABLE.put("GET history/conversations.csv", ADMINS);
    TABLE.put("GET history/conversations.json", ADMINS);
    TABLE.put("GET history/conversations/{id}", EnumSet.of(Who.ADMIN));
    TABLE.put("admin/conversations.xhtml", ADMINS);

    // The back office: reports (endpoints and views).
    TABLE.put("GET reports/{report}.csv", ADMINS);
    TABLE.put("admin/reports.xhtml", ADMINS);

    // The back office: dashboard (endpoints and views).
    TABLE.put("admin/dashboard.xhtml", ADMINS);

    // The back office: monitor (endpoints and views).
    // Every member of staff may invite a visitor of their tenant to chat (another tenant's visitor
    // is not found); the probe's visitor has left the site, so those let through get 409.
    TABLE.put("POST visitors/{visitorId}/invite", EnumSet.of(Who.AGENT, Who.SUPERVISOR, Who.ADMIN));
    // Erasing a visitor's data at their request is the tenant's admins' alone.
    TABLE.put("DELETE visitors/{visitorId}", EnumSet.of(Who.ADMIN));

    // Integrations: webhooks are the tenant's admins'; each admin lists and makes their own.
    TABLE.put("GET webhooks", ADMINS);
    TABLE.put("POST webhooks", ADMINS);
    TABLE.put("GET webhooks/{webhookId}", EnumSet.of(Who.ADMIN));
    TABLE.put("PUT webhooks/{webhookId}", EnumSet.of(Who.ADMIN));
    TABLE.put("DELETE webhooks/{webhookId}", EnumSet.of(Who.ADMIN));
    TABLE.put("POST webhooks/{webhookId}/secret", EnumSet.of(Who.ADMIN));
    TABLE.put("POST webhooks/{webhookId}/ping", EnumSet.of(Who.ADMIN));
    TABLE.put("GET webhooks/{webhookId}/deliveries", EnumSet.of(Who.ADMIN));
    TABLE.put("GET webhooks/{webhookId}/deliveries/{deliveryId}", EnumSet.of(Who.ADMIN));
    TABLE.put("POST webhooks/{webhookId}/deliveries/{deliveryId}/resend", EnumSet.of(Who.ADMIN));
    TABLE.put("admin/monitor.xhtml", ADMINS);

    // The back office: protection (endpoints and views).
    TABLE.put("GET blocks", ADMINS);
    TABLE.put("POST blocks", ADMINS);
    TABLE.put("DELETE blocks/{blockId}", EnumSet.of(Who.ADMIN));
    TABLE.put("GET sensitive-words", ADMINS);
    TABLE.put("PUT sensitive-words", ADMINS);
    TABLE.put("admin/protection.xhtml", ADMINS);

    // The back office: audit (endpoints and views). Each admin searches their own tenant's log
    // (GET audit above exports it, with the same filters).
    TABLE.put("admin/audit.xhtml", ADMINS);

    // The back office: webhooks (views). Each admin keeps their own tenant's.
    TABLE.put("admin/webhooks.xhtml", ADMINS);

    // The back office: tenants (endpoints and views). The platform operator's alone, and only in a
    // multi-tenant installation: this single-tenant one answers 404 to everyone (TenantsIT has the
    // multi-tenant side).
    TABLE.put("PUT tenants/{id}/suspension", NOBODY);
    TABLE.put("DELETE tenants/{id}/suspension", NOBODY);
    TABLE.put("PUT tenants/{id}/limits", NOBODY);
    TABLE.put("GET tenants/{id}/export", NOBODY);
    TABLE.put("POST tenants/import", NOBODY);
    TABLE.put("DELETE tenants/{id}", NOBODY);
    // An admin exports their own tenant; the import into a new private installation gets
    // through to the business, which refuses it here (installation_in_use, 409).
    TABLE.put("GET tenant/export", ADMINS);
    TABLE.put("POST tenant/import", ADMINS);
    TABLE.put("admin/tenants.xhtml", NOBODY);

    // The agent socket: a ticket is for staff only; writing in a conversation is for the agent it
    // is assigned to; closing and handing it on also for its supervisor and its tenant's admin.
    TABLE.put("agent:hello", STAFF);
    TABLE.put("agent:ping", STAFF);
    TABLE.put("agent:status", STAFF);
    TABLE.put("agent:send", NOBODY);
    TABLE.put("agent:typing", NOBODY);
    TABLE.put("agent:read", NOBODY);
    TABLE.put("agent:close", MANAGERS);
    TABLE.put("agent:transfer", MANAGERS);
    // Internal notes: whoever may see the conversation; watching and taking over: its supervisor
    // and its tenant's admin (the agent it is assigned to may note, and is no caller here).
    TABLE.put("agent:note", MANAGERS);
    TABLE.put("agent:watch", MANAGERS);
    TABLE.put("agent:unwatch", MANAGERS);
    TABLE.put("agent:take", MANAGERS);
    // The visitor socket: anyone may say hello and thereby become a visitor; nothing comes before
    // hello. A visitor reaches their own conversation; staff credentials count for nothing there,
    // so staff columns show a visitor reaching for another visitor's conversation.
    TABLE.put("visitor:hello", EVERYONE);
    TABLE.put("visitor:ping", EnumSet.complementOf(EnumSet.of(Who.ANONYMOUS)));
    TABLE.put("visitor:send", EnumSet.complementOf(EnumSet.of(Who.ANONYMOUS)));
    TABLE.put("visitor:typing", EnumSet.complementOf(EnumSet.of(Who.ANONYMOUS)));
    TABLE.put("visitor:page", EnumSet.complementOf(EnumSet.of(Who.ANONYMOUS)));
    TABLE.put("visitor:read", EnumSet.of(Who.VISITOR));
    TABLE.put("visitor:close", EnumSet.of(Who.VISITOR));
    // Rating and the transcript: only of the visitor's own conversation. Anyone after hello may
    // leave a message.
    TABLE.put("visitor:rate", EnumSet.of(Who.VISITOR));
    TABLE.put("visitor:transcript", EnumSet.of(Who.VISITOR));
    TABLE.put("visitor:leave_message", EnumSet.complementOf(EnumSet.of(Who.ANONYMOUS)));
  }

  private static final String PASSWORD = "matrix-secret-" + UUID.randomUUID();

  Kefu kefu;

  /** The accounts, objects and credentials of one run. */
  static World world;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
    if (world == null || !world.base.equals(kefu.base)) {
      world = new World(kefu);
    }
  }

  @Test
  void everyEndpointViewAndFrameTypeAnswersEachCallerAsClassified() throws Exception {
    TreeSet<String> rest;
    TreeSet<String> views;
    TreeSet<String> agentFrames;
    TreeSet<String> visitorFrames;
    try (ShippedWar war =
        new ShippedWar(
            new File(System.getProperty("kf.it.war")),
            new File(System.getProperty("kf.it.tmp", "target")))) {
      rest = war.restEndpoints();
      views = war.views();
      agentFrames = war.frameTypes("dev.kefu.chat.control.AgentFrameType");
      visitorFrames = war.frameTypes("dev.kefu.chat.control.VisitorFrameType");
    }
    List<String> discovered = new ArrayList<>(rest);
    discovered.addAll(views);
    agentFrames.forEach(t -> discovered.add("agent:" + t));
    visitorFrames.forEach(t -> discovered.add("visitor:" + t));
    assertThat(rest).as("REST endpoints found in the WAR").contains("GET status");
    assertThat(views).as("views found in the WAR").contains("admin/sites.xhtml");
    assertThat(agentFrames).as("agent frame types found in the WAR").contains("send");
    assertThat(discovered)
        .as("endpoints, views and frame types the table does not classify")
        .allMatch(TABLE::containsKey);
    assertThat(TABLE.keySet())
        .as("table entries for nothing the WAR has any more")
        .allMatch(discovered::contains);

    Map<String, Map<Who, Boolean>> matrix = new LinkedHashMap<>();
    for (String endpoint : rest) {
      matrix.put(endpoint, probeAll(who -> world.rest(endpoint, who)));
    }
    for (String view : views) {
      matrix.put(view, probeAll(who -> world.view(view, who)));
    }
    Map<String, Map<Who, Boolean>> frames = new LinkedHashMap<>();
    for (Who who : Who.values()) {
      world
          .agentFrames(who, agentFrames)
          .forEach((type, allowed) -> put(frames, "agent:" + type, who, allowed));
      world
          .visitorFrames(who, visitorFrames)
          .forEach((type, allowed) -> put(frames, "visitor:" + type, who, allowed));
    }
    world.cleanUp();
    matrix.putAll(frames);

    List<String> wrong = new ArrayList<>();
    String table = render(matrix, wrong);
    System.out.println(
        "Kefu access matrix (✔ let through, · refused, ! not as classified)\n" + table);
    Files.writeString(
        new File(System.getProperty("kf.it.tmp", "target"), "access-matrix.md").toPath(), table);
    assertThat(wrong)
        .as("cells not as classified (an allow where deny is expected is a hole)")
        .isEmpty();
  }

  @Test
  void anotherTenantsConversationAnswersExactlyAsOneThatDoesNotExist() {
    String missing = "c-" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    HttpResponse<String> theirs =
        world.get("api/v1/conversations/" + world.target + "/messages", Who.OTHER_ADMIN);
    HttpResponse<String> none =
        world.get("api/v1/conversations/" + missing + "/messages", Who.OTHER_ADMIN);
    assertThat(theirs.statusCode()).isEqualTo(404);
    assertThat(theirs.body()).isEqualTo(none.body());
    HttpResponse<String> ours =
        world.get("api/v1/conversations/" + world.otherConversation + "/messages", Who.ADMIN);
    assertThat(ours.statusCode()).isEqualTo(404);
    assertThat(ours.body()).isEqualTo(none.body());
    assertThat(
            world
                .get(
                    "api/v1/conversations/" + world.otherConversation + "/messages",
                    Who.OTHER_ADMIN)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void queriesThatNameNoTenantSeeTheCallersTenantOnly() {
    JsonObject ours = json(world.get("api/v1/it/visible-tenants", Who.ADMIN).body());
    JsonObject theirs = json(world.get("api/v1/it/visible-tenants", Who.OTHER_ADMIN).body());
    for (String entity : ours.keySet()) {
      assertThat(ours.getJsonArray(entity).getValuesAs(jakarta.json.JsonString::getString))
          .as("%s rows an admin of the first tenant sees", entity)
          .containsExactly(world.tenant);
      assertThat(theirs.getJsonArray(entity).getValuesAs(jakarta.json.JsonString::getString))
          .as("%s rows the other tenant's admin sees", entity)
          .containsExactly(world.otherTenant);
    }
  }

  @Test
  void aSingleTenantInstallationHasNoTenantsToManage() {
    assertThat(world.get("api/v1/tenants", Who.ADMIN).statusCode()).isEqualTo(404);
    assertThat(world.get("api/v1/tenants", Who.ANONYMOUS).statusCode()).isEqualTo(404);
  }

  @Test
  void anAgentReadsTheHistoryOfTheirOwnConversation() {
    String own = world.conversationOf(world.agentId);
    assertThat(world.get("api/v1/conversations/" + own + "/messages", Who.AGENT).statusCode())
        .isEqualTo(200);
    world.close(own);
  }

  private static void put(
      Map<String, Map<Who, Boolean>> matrix, String key, Who who, Boolean allowed) {
    matrix.computeIfAbsent(key, k -> new EnumMap<>(Who.class)).put(who, allowed);
  }

  private static Map<Who, Boolean> probeAll(Function<Who, Boolean> probe) {
    Map<Who, Boolean> row = new EnumMap<>(Who.class);
    for (Who who : Who.values()) {
      row.put(who, probe.apply(who));
    }
    return row;
  }

  /**
   * The matrix as a Markdown table; cells that differ from the table are named in {@code wrong}.
   */
  private static String render(Map<String, Map<Who, Boolean>> matrix, List<String> wrong) {
    StringBuilder out = new StringBuilder("| endpoint, view or frame |");
    for (Who who : Who.values()) {
      out.append(' ').append(who.column()).append(" |");
    }
    out.append("\n| --- |");
    for (Who who : Who.values()) {
      out.append(" :---: |");
    }
    out.append('\n');
    matrix.forEach(
        (key, row) -> {
          out.append("| `").append(key).append("` |");
          Set<Who> expected = TABLE.getOrDefault(key, NOBODY);
          for (Who who : Who.values()) {
            Boolean allowed = row.get(who);
            boolean asExpected = allowed != null && allowed == expected.contains(who);
            if (!asExpected) {
              wrong.add(
                  key
                      + " × "
                      + who.column()
                      + ": "
                      + (allowed == null ? "not probed" : allowed ? "let through" : "refused"));
            }
            out.append(' ')
                .append(allowed == null ? "?" : allowed ? "✔" : "·")
                .append(asExpected ? "" : " !")
                .append(" |");
          }
          out.append('\n');
        });
    return out.toString();
  }

  static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  /**
   * Two tenants as the fixture makes them: the first with an agent, a supervisor and an owner of
   * the target conversations (all in the demo department) and a parking agent outside it; the
   * second with its own admin, site and conversation.
   */
  static final class World {
    final URI base;
    final Kefu kefu;
    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger probeAddresses =
        new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 17));
    final Map<Who, String> users = new EnumMap<>(Who.class);
    final String tenant;
    final String siteKey;
    final String agentId;
    final String ownerId;
    final String parkingId;
    final String disposableId;
    final String otherTenant;
    final String otherSiteKey;
    final String otherConversation;
    final String target;
    final String visitorToken;
    final String visitorId;
    private String probeWebhook;
    private String probeDelivery;
    final String siteId;
    final String department;
    final String status;
    final String file;
    final List<String> made = new ArrayList<>();
    final HttpClient adminSession;

    World(Kefu kefu) {
      this.kefu = kefu;
      this.base = kefu.base;
      this.adminSession = signedInAdmin(kefu);
      JsonObject demo = json(kefu.get("api/v1/it/demo"));
      tenant = demo.getString("tenantId");
      siteKey = demo.getString("siteKey");
      siteId = demo.getString("siteId");
      department = kefu.fixture("departments", Map.of("origins", kefu.origin)).split("\n")[0];
      status = madeByAdmin("agent-statuses", "{\"name\":\"mx-" + suffix + "\",\"available\":true}");
      // A rule of the demo site that matches no visitor, so that the tenant owns a rule.
      HttpResponse<String> rules =
          request(
              "PUT",
              "api/v1/sites/" + siteId + "/routing-rules",
              Who.ADMIN,
              "{\"rules\":[{\"kind\":\"language\",\"pattern\":\"x-none\",\"departmentId\":\""
                  + department
                  + "\"}]}");
      assertThat(rules.statusCode()).as(rules.body()).isEqualTo(200);
      users.put(Who.ADMIN, "admin");
      agentId = account("mx-agent-" + suffix, "kf-agent", true);
      users.put(Who.AGENT, "mx-agent-" + suffix);
      account("mx-super-" + suffix, "kf-agent,kf-supervisor", true);
      users.put(Who.SUPERVISOR, "mx-super-" + suffix);
      ownerId = account("mx-owner-" + suffix, "kf-agent", true);
      parkingId = account("mx-parking-" + suffix, "kf-agent", false);
      disposableId = account("mx-disposable-" + suffix, "kf-agent", false);
      String otherAdmin = "mx-admin-b-" + suffix;
      JsonObject other =
          json(
              created(
                  form("api/v1/it/tenants", Map.of("username", otherAdmin, "password", PASSWORD))));
      users.put(Who.OTHER_ADMIN, otherAdmin);
      otherTenant = other.getString("tenantId");
      otherSiteKey = other.getString("siteKey");
      otherConversation = other.getString("conversationId");
      target = conversationOf(ownerId);
      try (Visitor visitor = kefu.visitor()) {
        visitorToken = visitor.token();
        visitorId = visitor.welcome().string("visitorId");
      }
      file = fileIn(target);
    }

    /** A file the owner of the conversation shares in it: uploaded, then sent in a message. */
    private String fileIn(String conversation) {
      String owner = Kefu.basic("mx-owner-" + suffix, PASSWORD);
      HttpResponse<String> upload =
          kefu.send(
              HttpRequest.newBuilder(
                      base.resolve("api/v1/files?conversationId=" + conversation + "&name=a.txt"))
                  .header("Authorization", owner)
                  .POST(HttpRequest.BodyPublishers.ofString("probe\n")));
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
      String id = json(upload.body()).getString("id");
      HttpResponse<String> ticket = kefu.post("api/v1/auth/ws-ticket", owner);
      try (Socket socket =
          Socket.open(kefu.agentUri(json(ticket.body()).getString("ticket")), kefu.origin)) {
        socket.send("{\"type\":\"hello\",\"protocol\":1}");
        socket.next("welcome");
        socket.send(
            "{\"type\":\"send\",\"conversationId\":\""
                + conversation
                + "\",\"clientMsgId\":\""
                + UUID.randomUUID()
                + "\",\"fileId\":\""
                + id
                + "\"}");
        socket.next("ack");
      }
      return id;
    }

    /**
     * An address of 198.18.0.0/15 no earlier probe blocked: one after the other from a random
     * start, since two random ones would now and then be the same and the second block refused.
     */
    String nextProbeAddress() {
      int n = probeAddresses.getAndIncrement() & 0x1ffff;
      return "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    /**
     * A new object made by the first admin over the API, for an endpoint that names one; answers
     * its id.
     */
    String madeByAdmin(String path, String json) {
      HttpResponse<String> response = request("POST", "api/v1/" + path, Who.ADMIN, json);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      return json(response.body()).getString("id");
    }

    private String account(String username, String roles, boolean inDemoDepartment) {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("username", username);
      fields.put("password", PASSWORD);
      fields.put("roles", roles);
      if (inDemoDepartment) {
        fields.put("department", "demo");
      }
      return created(form("api/v1/it/accounts", fields));
    }

    /** A new conversation of the first tenant's demo department, assigned to this agent. */
    String conversationOf(String agent) {
      String id = created(form("api/v1/it/conversations", Map.of("agentId", agent)));
      made.add(id);
      return id;
    }

    /**
     * A webhook of the first tenant for the probes, switched off so that nothing is sent to its
     * address (where nothing listens), with a ping in its log; a removal gets one of its own.
     */
    String webhook(boolean removal) {
      String body =
          "{\"url\":\"http://127.0.0.1:9/probe\",\"events\":[\"message.created\"],"
              + "\"enabled\":false}";
      if (removal) {
        return madeByAdmin("webhooks", body);
      }
      if (probeWebhook == null) {
        probeWebhook = madeByAdmin("webhooks", body);
        HttpResponse<String> ping =
            request("POST", "api/v1/webhooks/" + probeWebhook + "/ping", Who.ADMIN, null);
        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(202);
        probeDelivery = json(ping.body()).getString("id");
      }
      return probeWebhook;
    }

    /** A visitor of the demo site who has been and gone, for a probe that erases one. */
    String disposableVisitor() {
      try (Kefu.Visitor visitor = kefu.visitor()) {
        return visitor.welcome().string("visitorId");
      }
    }

    /** A conversation of this visitor that an agent had and that is closed now. */
    String closedConversationOf(String visitorId) {
      String id =
          created(
              form("api/v1/it/conversations", Map.of("agentId", ownerId, "visitorId", visitorId)));
      close(id);
      return id;
    }

    void close(String conversationId) {
      form("api/v1/it/conversations/" + conversationId + "/close", Map.of());
    }

    void cleanUp() {
      made.forEach(this::close);
    }

    private static String created(HttpResponse<String> response) {
      assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
      return response.body();
    }

    private HttpResponse<String> form(String path, Map<String, String> fields) {
      StringBuilder body = new StringBuilder();
      fields.forEach(
          (k, v) ->
              body.append(body.length() == 0 ? "" : "&")
                  .append(k)
                  .append('=')
                  .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
      try {
        return adminSession.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", kefu.origin)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    /**
     * The fixture is driven through one signed-in session of the first admin: a password check
     * (deliberately slow) per fixture call would make the matrix crawl.
     */
    private static HttpClient signedInAdmin(Kefu kefu) {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .cookieHandler(new CookieManager())
              .build();
      try {
        HttpResponse<String> signIn =
            client.send(
                HttpRequest.newBuilder(kefu.base.resolve("api/v1/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"admin\",\"password\":\""
                                + Kefu.ADMIN_PASSWORD
                                + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return client;
    }

    /** The Authorization header of a caller: none, a visitor's token, or HTTP Basic. */
    String authorization(Who who) {
      return switch (who) {
        case ANONYMOUS -> null;
        case VISITOR -> "Bearer " + visitorToken;
        case ADMIN -> Kefu.basic();
        default -> Kefu.basic(users.get(who), PASSWORD);
      };
    }

    HttpResponse<String> get(String path, Who who) {
      return request("GET", path, who, null);
    }

    HttpResponse<String> request(String method, String path, Who who, String json) {
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
      String authorization = authorization(who);
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      if (json != null) {
        request.header("Content-Type", "application/json");
      }
      request.method(
          method,
          json == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(json));
      return kefu.send(request);
    }

    /** A new shared canned reply of the first tenant, made by its admin; answers its id. */
    String sharedReply() {
      HttpResponse<String> made =
          request(
              "POST",
              "api/v1/canned-replies",
              Who.ADMIN,
              "{\"scope\":\"shared\",\"shortcut\":\"mx-"
                  + UUID.randomUUID().toString().substring(0, 8)
                  + "\",\"text\":\"probe\"}");
      assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
      return json(made.body()).getString("id");
    }

    /** Whether the endpoint let the caller through; also checks what an admin got back. */
    boolean rest(String endpoint, Who who) {
      if (endpoint.endsWith(" files") || endpoint.contains(" files/")) {
        return letThrough(endpoint, who, fileRequest(endpoint, who));
      }
      if (endpoint.startsWith("GET visitor/")) {
        return letThrough(endpoint, who, transcriptRequest(who));
      }
      String method = endpoint.substring(0, endpoint.indexOf(' '));
      String object = endpoint.contains("canned-replies/{id}") ? sharedReply() : target;
      // A removal is probed on an object of its own, so that the other probes still find theirs.
      boolean removal = method.equals("DELETE");
      String path =
          "api/v1/"
              + endpoint
                  .substring(endpoint.indexOf(' ') + 1)
                  .replace("{id}", object)
                  .replace("{previousId}", target)
                  .replace("{siteId}", siteId)
                  .replace(
                      "{agentId}",
                      endpoint.endsWith("/disable") || endpoint.endsWith("/enable")
                          ? disposableId
                          : agentId)
                  // Per agent: the other tenant's admin must not find the first tenant's agents.
                  .replace("{report}.csv", "wait.csv?group=agent")
                  .replace("{visitorId}", removal ? disposableVisitor() : visitorId)
                  .replace("{webhookId}", endpoint.contains("{webhookId}") ? webhook(removal) : "")
                  .replace("{deliveryId}", endpoint.contains("{deliveryId}") ? probeDelivery : "")
                  .replace(
                      "{blockId}",
                      removal
                          ? madeByAdmin("blocks", "{\"cidr\":\"" + nextProbeAddress() + "/32\"}")
                          : "b-none")
                  .replace(
                      "{departmentId}",
                      removal
                          ? kefu.fixture("departments", Map.of("origins", kefu.origin))
                              .split("\n")[0]
                          : department)
                  .replace(
                      "{statusId}",
                      removal
                          ? madeByAdmin(
                              "agent-statuses",
                              "{\"name\":\"mx-gone-"
                                  + UUID.randomUUID()
                                  + "\",\"available\":false}")
                          : status);
      // Bodies that change nothing: every field is missing, so what gets through is refused as a
      // bad request by the business, after the caller's role and tenant were checked.
      String body = method.equals("POST") || method.equals("PUT") ? "{}" : null;
      HttpResponse<String> response = request(method, path, who, body);
      return letThrough(endpoint, who, response);
    }

    /**
     * The file endpoints as each caller uses them: the visitor with their token in its header (a
     * visitor token is no bearer credential), staff with their credentials; uploads go to the
     * target conversation, downloads ask for the target conversation's file.
     */
    private HttpResponse<String> fileRequest(String endpoint, Who who) {
      boolean upload = endpoint.startsWith("POST");
      String path =
          upload
              ? "api/v1/files?name=probe.txt&conversationId=" + target + "&site=" + siteKey
              : "api/v1/files/" + file + "?site=" + siteKey;
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
      if (who == Who.VISITOR) {
        request.header("X-Kefu-Visitor", visitorToken).header("Origin", kefu.origin);
      } else if (authorization(who) != null) {
        request.header("Authorization", authorization(who));
      }
      request.method(
          upload ? "POST" : "GET",
          upload
              ? HttpRequest.BodyPublishers.ofString("probe\n")
              : HttpRequest.BodyPublishers.noBody());
      return kefu.send(request);
    }

    /**
     * The transcript as each caller asks for it: the visitor with their token in its header, for a
     * closed conversation of their own; staff with their credentials, for the target conversation.
     */
    private HttpResponse<String> transcriptRequest(Who who) {
      String conversation = who == Who.VISITOR ? closedConversationOf(visitorId) : target;
      HttpRequest.Builder request =
          HttpRequest.newBuilder(
              base.resolve(
                  "api/v1/visitor/conversations/"
                      + conversation
                      + "/transcript?site="
                      + siteKey
                      + "&locale=en"));
      if (who == Who.VISITOR) {
        request.header("X-Kefu-Visitor", visitorToken).header("Origin", kefu.origin);
      } else if (authorization(who) != null) {
        request.header("Authorization", authorization(who));
      }
      return kefu.send(request.GET());
    }

    boolean view(String view, Who who) {
      return letThrough(view, who, get(view, who));
    }

    private boolean letThrough(String what, Who who, HttpResponse<String> response) {
      int status = response.statusCode();
      assertThat(status).as("%s for %s answered %s", what, who, response.body()).isLessThan(500);
      if (status == 401 || status == 403 || status == 404) {
        return false;
      }
      if (status >= 300 && status < 400) {
        return !response.headers().firstValue("Location").orElse("").contains("signin");
      }
      if (who == Who.OTHER_ADMIN) {
        assertThat(response.body())
            .as("%s answered the other tenant's admin with the first tenant's data", what)
            .doesNotContain(siteKey)
            .doesNotContain(target)
            .doesNotContain(ownerId);
      }
      if (who == Who.OTHER_ADMIN && (what.equals("GET sites") || what.endsWith("sites.xhtml"))) {
        assertThat(response.body()).contains(otherSiteKey);
      }
      if (who == Who.OTHER_ADMIN && what.startsWith("GET history/conversations.")) {
        assertThat(response.body()).contains(otherConversation);
      }
      return true;
    }

    /** Each agent frame type as this caller sends it, at a fresh target conversation each. */
    Map<String, Boolean> agentFrames(Who who, Set<String> types) {
      Map<String, Boolean> row = new LinkedHashMap<>();
      if (!STAFF.contains(who)) {
        String ticket = who == Who.VISITOR ? visitorToken : "";
        boolean opened;
        try {
          Socket.open(kefu.agentUri(URLEncoder.encode(ticket, StandardCharsets.UTF_8)), kefu.origin)
              .close();
          opened = true;
        } catch (Socket.Refused refused) {
          assertThat(refused.status).isEqualTo(401);
          opened = false;
        }
        for (String type : types) {
          row.put(type, opened);
        }
        return row;
      }
      // A socket may send 20 frames per 10 s; each probe sends two (the frame and a ping), so a
      // fresh socket takes over every few types rather than the probes running into that limit.
      Socket socket = helloSocket(who);
      row.put("hello", socket != null);
      try {
        int probed = 0;
        for (String type : types) {
          if (type.equals("hello") || socket == null) {
            continue;
          }
          if (++probed % 6 == 0) {
            socket.close();
            socket = helloSocket(who);
          }
          String conversation = conversationOf(ownerId);
          String frame =
              switch (type) {
                case "ping" -> null;
                case "status" -> "{\"type\":\"status\",\"value\":\"away\"}";
                case "send" ->
                    "{\"type\":\"send\",\"conversationId\":\""
                        + conversation
                        + "\",\"clientMsgId\":\""
                        + UUID.randomUUID()
                        + "\",\"text\":\"probe\"}";
                case "typing" ->
                    "{\"type\":\"typing\",\"conversationId\":\"" + conversation + "\",\"on\":true}";
                case "read" ->
                    "{\"type\":\"read\",\"conversationId\":\"" + conversation + "\",\"seq\":0}";
                case "close" -> "{\"type\":\"close\",\"conversationId\":\"" + conversation + "\"}";
                case "transfer" ->
                    "{\"type\":\"transfer\",\"conversationId\":\""
                        + conversation
                        + "\",\"toAgentId\":\""
                        + parkingId
                        + "\"}";
                case "note" ->
                    "{\"type\":\"note\",\"conversationId\":\""
                        + conversation
                        + "\",\"clientMsgId\":\""
                        + UUID.randomUUID()
                        + "\",\"text\":\"probe\"}";
                case "watch", "unwatch", "take" ->
                    "{\"type\":\"" + type + "\",\"conversationId\":\"" + conversation + "\"}";
                default -> throw new AssertionError("no probe for agent frame " + type);
              };
          row.put(type, answeredWithoutError(socket, frame).allowed);
        }
      } finally {
        if (socket != null) {
          socket.close();
        }
      }
      return row;
    }

    /** A new agent socket of the caller after hello; null when hello is refused. */
    private Socket helloSocket(Who who) {
      HttpResponse<String> ticket = request("POST", "api/v1/auth/ws-ticket", who, null);
      assertThat(ticket.statusCode()).as(ticket.body()).isEqualTo(200);
      Socket socket =
          Socket.open(kefu.agentUri(json(ticket.body()).getString("ticket")), kefu.origin);
      socket.send("{\"type\":\"hello\",\"protocol\":1}");
      Frame welcome = socket.next(f -> f.type().equals("welcome") || f.type().equals("error"));
      if (!welcome.type().equals("welcome")) {
        socket.close();
        return null;
      }
      return socket;
    }

    /** Each visitor frame type as this caller sends it. */
    Map<String, Boolean> visitorFrames(Who who, Set<String> types) {
      Map<String, Boolean> row = new LinkedHashMap<>();
      if (who == Who.ANONYMOUS) {
        // Anonymous: a socket that has not said hello yet.
        for (String type : types) {
          try (Socket socket = Socket.open(kefu.visitorUri(siteKey), kefu.origin)) {
            if (type.equals("hello")) {
              socket.send("{\"type\":\"hello\",\"protocol\":1}");
              row.put(
                  type,
                  socket
                      .next(f -> f.type().equals("welcome") || f.type().equals("error"))
                      .type()
                      .equals("welcome"));
            } else {
              socket.send(visitorFrame(type, "c-none", "c-none"));
              Frame answer = socket.next();
              row.put(type, !answer.type().equals("error"));
            }
          }
        }
        return row;
      }
      try (Socket socket = Socket.open(kefu.visitorUri(siteKey), kefu.origin)) {
        socket.send("{\"type\":\"hello\",\"protocol\":1,\"locale\":\"en\"}");
        Frame welcome = socket.next(f -> f.type().equals("welcome") || f.type().equals("error"));
        row.put("hello", welcome.type().equals("welcome"));
        String own = null;
        // A closed conversation of the visitor's own that an agent had, to rate and download.
        String answered =
            who == Who.VISITOR && welcome.type().equals("welcome")
                ? closedConversationOf(welcome.string("visitorId"))
                : target;
        for (String type :
            List.of(
                "ping",
                "send",
                "typing",
                "page",
                "read",
                "close",
                "rate",
                "transcript",
                "leave_message")) {
          if (!types.contains(type)) {
            continue;
          }
          // The visitor acts on their own conversation; staff on the visitor socket are visitors
          // reaching for another visitor's conversation.
          String conversation =
              type.equals("rate") || type.equals("transcript")
                  ? answered
                  : who == Who.VISITOR ? own : target;
          Probe probe =
              answeredWithoutError(
                  socket, type.equals("ping") ? null : visitorFrame(type, conversation, own));
          row.put(type, probe.allowed);
          for (Frame frame : probe.frames) {
            if (frame.type().equals("ack")) {
              own = frame.string("conversationId");
            }
          }
        }
        if (own != null && who != Who.VISITOR) {
          answeredWithoutError(socket, "{\"type\":\"close\",\"conversationId\":\"" + own + "\"}");
        }
        for (String type : types) {
          row.putIfAbsent(type, null);
        }
      }
      return row;
    }

    private static String visitorFrame(String type, String conversation, String own) {
      return switch (type) {
        case "send" ->
            "{\"type\":\"send\",\"clientMsgId\":\"" + UUID.randomUUID() + "\",\"text\":\"probe\"}";
        case "typing" -> "{\"type\":\"typing\",\"on\":true}";
        case "page" -> "{\"type\":\"page\",\"url\":\"https://shop.example/p\",\"title\":\"P\"}";
        case "read" -> "{\"type\":\"read\",\"conversationId\":\"" + conversation + "\",\"seq\":1}";
        case "close" -> "{\"type\":\"close\",\"conversationId\":\"" + conversation + "\"}";
        case "ping" -> "{\"type\":\"ping\"}";
        case "rate" ->
            "{\"type\":\"rate\",\"conversationId\":\"" + conversation + "\",\"score\":5}";
        case "transcript" ->
            "{\"type\":\"transcript\",\"conversationId\":\"" + conversation + "\"}";
        case "leave_message" ->
            "{\"type\":\"leave_message\",\"clientMsgId\":\""
                + UUID.randomUUID()
                + "\",\"name\":\"Probe\",\"contact\":\"probe@example.com\",\"text\":\"probe\"}";
        default -> throw new AssertionError("no probe for visitor frame " + type);
      };
    }

    /**
     * Sends the frame (none: only the ping), then a ping: the server handles a socket's frames in
     * order, so an {@code error} before the {@code pong} is the frame's refusal.
     */
    private static Probe answeredWithoutError(Socket socket, String frame) {
      if (frame != null) {
        socket.send(frame);
      }
      socket.send("{\"type\":\"ping\"}");
      List<Frame> before = new ArrayList<>();
      boolean refused = false;
      while (true) {
        Frame next = socket.next();
        if (next.type().equals("pong")) {
          break;
        }
        before.add(next);
        refused |= next.type().equals("error");
      }
      return new Probe(!refused, before);
    }

    record Probe(boolean allowed, List<Frame> frames) {}
  }
}
