package dev.kefu.reception.boundary;

import dev.kefu.conversation.boundary.ConversationAccess;
import dev.kefu.conversation.boundary.Conversations;
import dev.kefu.conversation.entity.Conversation;
import dev.kefu.protection.boundary.Blocks;
import dev.kefu.routing.boundary.Queues;
import dev.kefu.routing.boundary.Routing;
import dev.kefu.shared.RuleViolation;
import dev.kefu.tenant.boundary.GroupCommit;
import dev.kefu.tenant.boundary.Sites;
import dev.kefu.tenant.boundary.Tenants;
import dev.kefu.tenant.entity.Site;
import dev.kefu.visitor.boundary.Arrival;
import dev.kefu.visitor.boundary.Visitors;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Receives a visitor who says {@code hello}: one business call, one transaction, one answer. It
 * sits above the components it asks (the site, the visitor, their conversations, routing and the
 * queues), so none of them needs to know what a welcome holds.
 */
@Stateless
public class Reception {

  @Inject private Sites sites;
  @Inject private Visitors visitors;
  @Inject private Conversations conversations;
  @Inject private ConversationAccess access;
  @Inject private Routing routing;
  @Inject private Queues queues;
  @Inject private Blocks blocks;
  @Inject private Tenants tenants;
  @Resource private SessionContext context;

  /**
   * Recognises or makes the visitor of an enabled site and tells what their widget shows; a site
   * that is not enabled is refused with {@code unauthorized}. A conversation to resume that is not
   * the visitor's own is not replayed ({@link Welcome#resumeRefused()}), as if it did not exist.
   *
   * <p>A blocked visitor, or one from a blocked address range, is refused ({@link
   * Welcome#isBlocked()}) and nothing of their arrival is stored: not a new visitor, not a page. So
   * is the visitor of a tenant the platform's operator suspended ({@link
   * Welcome#tenantSuspended()}), in the same transaction rather than one of its own before.
   */
  public Welcome greet(String siteId, Hello hello) {
    return placed(List.of(welcome(siteId, hello, true))).get(0);
  }

  /** A visitor's {@code hello} to the site {@code siteId}: what {@link #greetAll} is given. */
  public record Greeting(String siteId, Hello hello) {}

  /**
   * Greets visitors of the scope's tenant who said {@code hello} together, each as {@link #greet}
   * would, in one transaction: a burst of arrivals, or the visitors of a node that died coming
   * back, pays the container's work around a transaction, a connection and a commit once for the
   * group rather than once for each. Answers a welcome for each greeting, in their order, and null
   * for a hello that presents an identity: it is greeted alone, since a visitor recognised by their
   * identity rather than their token may turn out to be blocked, and what their arrival wrote would
   * then be undone with the whole group. A refusal ({@code unauthorized} for a site that is not
   * enabled) refuses the group; {@link GroupCommit} then greets each alone.
   *
   * <p>What each greeting reads by a key (the visitor its token names, the conversation it resumes)
   * is loaded for the whole group first, one statement each, and the places in line of the group's
   * conversations are read in one statement at the end: the group's hellos read no row one by one.
   */
  public List<Welcome> greetAll(List<Greeting> greetings) {
    List<Greeting> grouped =
        greetings.stream().filter(greeting -> !greeting.hello().greetedAlone()).toList();
    visitors.preload(
        grouped.stream()
            .filter(greeting -> greeting.hello().visitorToken() != null)
            .map(
                greeting ->
                    new Visitors.Presented(greeting.siteId(), greeting.hello().visitorToken()))
            .toList());
    access.preload(
        grouped.stream()
            .map(greeting -> greeting.hello().resume())
            .filter(resume -> resume != null && resume.conversationId() != null)
            .map(Hello.Resume::conversationId)
            .toList());
    List<Welcome> welcomes = new ArrayList<>(greetings.size());
    for (Greeting greeting : greetings) {
      welcomes.add(
          greeting.hello().greetedAlone()
              ? null
              : welcome(greeting.siteId(), greeting.hello(), false));
    }
    return placed(welcomes);
  }

  /**
   * The welcomes (null for a hello not greeted here) with the places in line of their visitors'
   * open conversations and the expected waits, the places read in one statement for all.
   */
  private List<Welcome> placed(List<Welcome> welcomes) {
    Map<String, Integer> positions =
        queues.positionsOf(
            welcomes.stream()
                .filter(welcome -> welcome != null && welcome.current() != null)
                .map(Welcome::current)
                .toList());
    List<Welcome> placed = new ArrayList<>(welcomes.size());
    for (Welcome welcome : welcomes) {
      Integer position =
          welcome == null || welcome.current() == null
              ? null
              : positions.get(welcome.current().id());
      placed.add(
          position == null
              ? welcome
              : welcome.placed(
                  position,
                  queues.estimatedWaitSeconds(welcome.current().departmentId(), position)));
    }
    return placed;
  }

  private Welcome welcome(String siteId, Hello hello, boolean alone) {
    Site site =
        sites
            .enabledById(siteId)
            .orElseThrow(() -> new RuleViolation("unauthorized", "this site is not enabled"));
    String tenantId = site.tenantId();
    if (tenants.isSuspendedLately(tenantId)) {
      return Welcome.suspended();
    }
    String known =
        hello.visitorToken() == null
            ? null
            : visitors.ofToken(site, hello.visitorToken()).orElse(null);
    Optional<Blocks.Refusal> refused = blocks.refusal(tenantId, known, hello.clientAddress());
    if (refused.isPresent()) {
      return Welcome.blocked(refused.get());
    }
    Arrival arrival =
        visitors.arrive(site, hello.visitorToken(), hello.identity(), hello.context());
    if (arrival.turnedAway()) {
      return Welcome.turnedAway(arrival);
    }
    String visitorId = arrival.visitor().id();
    if (!arrival.newVisitor()
        && !visitorId.equals(known)
        && blocks.isBlocked(tenantId, visitorId)) {
      // Recognised by their identity rather than their token: what the arrival wrote is undone.
      if (!alone) {
        // Not reached: a group holds no hello with an identity, and without one a visitor is
        // recognised by their token or is new. Were it reached, the whole group is refused.
        throw new IllegalStateException("a visitor recognised by identity in a group of hellos");
      }
      context.setRollbackOnly();
      return Welcome.blocked(Blocks.Refusal.VISITOR);
    }
    Conversation resumed = null;
    boolean resumeRefused = false;
    if (hello.resume() != null) {
      resumed = access.ownedBy(visitorId, hello.resume().conversationId()).orElse(null);
      resumeRefused = resumed == null;
    }
    Conversation current = resumed;
    if ((current == null || !current.isOpen()) && !arrival.newVisitor()) {
      // A visitor made just now has no conversation to look for.
      current = conversations.openOf(visitorId).orElse(current);
    }
    Routing.Route route =
        routing.routeFor(site, arrival.visitor().pageUrl(), arrival.visitor().locale(), null);
    // The widget's texts in the language the widget speaks now, else in the one it spoke last.
    String locale =
        hello.context() != null && hello.context().locale() != null
            ? hello.context().locale()
            : arrival.visitor().locale();
    return new Welcome(
        arrival,
        resumeRefused,
        resumed,
        hello.resume() == null ? 0 : Math.max(0, hello.resume().lastSeq()),
        current,
        // A visitor with an open chat is answered by its department (one picked in the pre-chat
        // form, say), not by where the site's rules would send them now.
        routing.isOnlineLately(
            current != null && current.isOpen() ? current.departmentId() : route.departmentId()),
        site.widgetSettings().greetingFor(locale, site.greeting()),
        routing.choicesFor(site),
        sites.forWidget(site, locale),
        0,
        0,
        null,
        false);
  }
}
