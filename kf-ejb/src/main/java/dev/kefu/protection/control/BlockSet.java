package dev.kefu.protection.control;

import dev.kefu.protection.entity.AddressRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A tenant's blocks as this node keeps them in memory: the blocked visitors and ranges, each with
 * its expiry (null: none), so that a block that expires stops refusing at once.
 */
public record BlockSet(Map<String, Instant> visitors, List<RangeBlock> ranges) {

  /** A blocked range and its expiry (null: none). */
  public record RangeBlock(AddressRange range, Instant expiresAt) {}

  public BlockSet {
    visitors = Map.copyOf(visitors);
    ranges = List.copyOf(ranges);
  }

  /** Whether the visitor is blocked at {@code now}. */
  public boolean blocksVisitor(String visitorId, Instant now) {
    if (visitorId == null || !visitors.containsKey(visitorId)) {
      return false;
    }
    Instant expires = visitors.get(visitorId);
    return expires == null || expires.isAfter(now);
  }

  /** Whether the address lies in a range blocked at {@code now}. */
  public boolean blocksAddress(String address, Instant now) {
    if (address == null || ranges.isEmpty()) {
      return false;
    }
    byte[] bytes = AddressRange.literal(address).orElse(null);
    if (bytes == null) {
      return false;
    }
    for (RangeBlock block : ranges) {
      if ((block.expiresAt() == null || block.expiresAt().isAfter(now))
          && block.range().contains(bytes)) {
        return true;
      }
    }
    return false;
  }
}
