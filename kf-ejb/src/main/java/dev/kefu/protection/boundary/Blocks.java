package dev.kefu.protection.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.events.AccessBlocked;
import dev.kefu.events.KefuEvent;
import dev.kefu.events.ProtectionChanged;
import dev.kefu.protection.control.BlockSet;
import dev.kefu.protection.control.ProtectionCache;
import dev.kefu.protection.entity.AddressRange;
import dev.kefu.protection.entity.Block;
import dev.kefu.shared.Clock;
import dev.kefu.shared.Jsonp;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import dev.kefu.visitor.entity.Visitor;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Visitors and address ranges whose widget a tenant's sites turn away. An admin blocks a visitor
 * (by id: from the live monitor, the history or typed in) or a range of addresses, with an optional
 * reason and expiry, and lifts a block again; every change is audited. Whether a visitor arriving
 * is refused is answered from memory ({@link ProtectionCache}); a new block also closes the sockets
 * it refuses at once, on every node ({@link AccessBlocked}).
 */
@Stateless
public class Blocks {

  /** Why a visitor is turned away. */
  public enum Refusal {
    /** The visitor is blocked. */
    VISITOR,
    /** The visitor's address lies in a blocked range. */
    ADDRESS
  }

  /** The columns the list of blocks may be sorted by, and their JPQL. */
  private static final Map<String, String> SORTS =
      Map.of(
          "createdAt", "b.createdAt",
          "expiresAt", "b.expiresAt",
          "kind", "b.kind",
          "target", "coalesce(b.visitorId, b.cidr)");

  @PersistenceContext private EntityManager em;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;
  @Inject private ProtectionCache cache;
  @Inject private Event<KefuEvent> events;

  /**
   * Blocks a visitor of the admin's tenant; {@code visitor_unknown} (field {@code visitorId}) for
   * anyone else, {@code already_blocked} when a block of them is in force.
   */
  public Block blockVisitor(Actor by, String visitorId, String reason, Instant expiresAt) {
    String id = visitorId == null ? "" : visitorId.strip();
    Visitor visitor = id.isEmpty() ? null : em.find(Visitor.class, id);
    if (visitor == null || !visitor.tenantId().equals(by.tenantId())) {
      throw new RuleViolation("visitor_unknown", "no such visitor", "visitorId");
    }
    Instant now = clock.now();
    if (blocksOf(by.tenantId()).blocksVisitor(id, now)) {
      throw new RuleViolation("already_blocked", "this visitor is blocked already", "visitorId");
    }
    Block block = made(() -> Block.ofVisitor(by.tenantId(), id, reason, expiresAt, by.name(), now));
    em.persist(block);
    auditLog.record(by, Action.VISITOR_BLOCKED, "visitor", id, json(block));
    events.fire(new AccessBlocked(by.tenantId(), id, null));
    return block;
  }

  /**
   * Blocks every visitor from an address range ({@code 203.0.113.0/24}, {@code 2001:db8::/32}, or
   * one address); {@code range_invalid} (field {@code cidr}) for anything else, {@code
   * already_blocked} when the same range is blocked.
   */
  public Block blockRange(Actor by, String cidr, String reason, Instant expiresAt) {
    AddressRange range;
    try {
      range = AddressRange.parse(cidr);
    } catch (IllegalArgumentException wrong) {
      throw new RuleViolation("range_invalid", wrong.getMessage(), "cidr");
    }
    Instant now = clock.now();
    boolean taken =
        !em.createQuery(
                "select b.id from Block b where b.tenantId = :t and b.cidr = :c"
                    + " and (b.expiresAt is null or b.expiresAt > :now)",
                String.class)
            .setParameter("t", by.tenantId())
            .setParameter("c", range.toString())
            .setParameter("now", now)
            .getResultList()
            .isEmpty();
    if (taken) {
      throw new RuleViolation("already_blocked", "this range is blocked already", "cidr");
    }
    Block block =
        made(() -> Block.ofRange(by.tenantId(), range, reason, expiresAt, by.name(), now));
    em.persist(block);
    auditLog.record(by, Action.ADDRESS_BLOCKED, "address_range", block.cidr(), json(block));
    events.fire(new AccessBlocked(by.tenantId(), null, block.cidr()));
    return block;
  }

  /** Lifts a block of the admin's tenant; any other answers as one that does not exist. */
  public void unblock(Actor by, String blockId) {
    // Locked: of two removals of one block at once, the second waits and then finds it gone (404)
    // instead of deleting a row that is no longer there (a 500).
    Block block =
        blockId == null ? null : em.find(Block.class, blockId, LockModeType.PESSIMISTIC_WRITE);
    if (block == null || !block.tenantId().equals(by.tenantId())) {
      throw new NotFoundException("no such block");
    }
    em.remove(block);
    boolean visitor = block.kind() == Block.Kind.VISITOR;
    auditLog.record(
        by,
        visitor ? Action.VISITOR_UNBLOCKED : Action.ADDRESS_UNBLOCKED,
        visitor ? "visitor" : "address_range",
        visitor ? block.visitorId() : block.cidr(),
        json(block));
    events.fire(new ProtectionChanged(by.tenantId()));
  }

  /** How many blocks the tenant has (expired ones too, until lifted). */
  public long count(String tenantId) {
    return em.createQuery("select count(b) from Block b where b.tenantId = :t", Long.class)
        .setParameter("t", tenantId)
        .getSingleResult();
  }

  /**
   * A page of the tenant's blocks, sorted by {@code sort} ({@code createdAt}, {@code expiresAt},
   * {@code kind}, {@code target}; anything else: newest first).
   */
  public List<Block> page(String tenantId, int first, int size, String sort, boolean ascending) {
    String order = SORTS.getOrDefault(sort, "b.createdAt");
    boolean asc = SORTS.containsKey(sort) && ascending;
    return em.createQuery(
            "select b from Block b where b.tenantId = :t order by "
                + order
                + (asc ? " asc" : " desc")
                + ", b.id",
            Block.class)
        .setParameter("t", tenantId)
        .setFirstResult(Math.max(0, first))
        .setMaxResults(Math.max(1, Math.min(size, 200)))
        .getResultList();
  }

  /**
   * Why a visitor arriving on the tenant's site is turned away, if they are: the visitor (when
   * known) is blocked, or their address lies in a blocked range. Answered from memory.
   */
  public Optional<Refusal> refusal(String tenantId, String visitorId, String address) {
    BlockSet set = blocksOf(tenantId);
    Instant now = clock.now();
    if (set.blocksVisitor(visitorId, now)) {
      return Optional.of(Refusal.VISITOR);
    }
    if (set.blocksAddress(address, now)) {
      return Optional.of(Refusal.ADDRESS);
    }
    return Optional.empty();
  }

  /** Whether a block of the visitor is in force. */
  public boolean isBlocked(String tenantId, String visitorId) {
    return blocksOf(tenantId).blocksVisitor(visitorId, clock.now());
  }

  private BlockSet blocksOf(String tenantId) {
    return cache.blocks(tenantId, clock.now(), () -> load(tenantId));
  }

  private BlockSet load(String tenantId) {
    Map<String, Instant> visitors = new HashMap<>();
    List<BlockSet.RangeBlock> ranges = new ArrayList<>();
    Instant now = clock.now();
    for (Block block :
        em.createQuery(
                "select b from Block b where b.tenantId = :t"
                    + " and (b.expiresAt is null or b.expiresAt > :now)",
                Block.class)
            .setParameter("t", tenantId)
            .setParameter("now", now)
            .getResultList()) {
      if (block.kind() == Block.Kind.VISITOR) {
        Instant expires = block.expiresAt().orElse(null);
        visitors.merge(
            block.visitorId(),
            expires == null ? Instant.MAX : expires,
            (a, b) -> a.isAfter(b) ? a : b);
      } else {
        ranges.add(new BlockSet.RangeBlock(block.range(), block.expiresAt().orElse(null)));
      }
    }
    return new BlockSet(visitors, ranges);
  }

  private static Block made(java.util.function.Supplier<Block> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException wrong) {
      String message = wrong.getMessage();
      throw message.contains("expiry")
          ? new RuleViolation("expiry_past", message, "expiresAt")
          : new RuleViolation("text_too_long", message, "reason");
    }
  }

  private static JsonObject json(Block block) {
    JsonObjectBuilder json = Jsonp.createObjectBuilder().add("kind", block.kind().name());
    if (block.visitorId() != null) {
      json.add("visitorId", block.visitorId());
    }
    if (block.cidr() != null) {
      json.add("cidr", block.cidr());
    }
    block.reason().ifPresent(r -> json.add("reason", r));
    block.expiresAt().ifPresent(e -> json.add("expiresAt", e.toString()));
    return json.build();
  }
}
