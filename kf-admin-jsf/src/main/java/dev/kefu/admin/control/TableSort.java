package dev.kefu.admin.control;

import java.util.Map;
import java.util.Optional;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * The order a lazy table asks for: the column the person sorted by, if any, and its direction.
 * Every page's table reads it the same way, and each page keeps its own list of sortable columns
 * and its default order when nothing is sorted.
 */
public record TableSort(Optional<String> field, SortOrder order) {

  /** The first column of the table's sort that has a direction; none when nothing is sorted. */
  public static TableSort of(Map<String, SortMeta> sortBy) {
    return sortBy.values().stream()
        .filter(sort -> sort.getOrder() != null && sort.getOrder() != SortOrder.UNSORTED)
        .findFirst()
        .map(sort -> new TableSort(Optional.ofNullable(sort.getField()), sort.getOrder()))
        .orElse(new TableSort(Optional.empty(), SortOrder.UNSORTED));
  }

  /** The sorted column, or the page's default one. */
  public String fieldOr(String byDefault) {
    return field.orElse(byDefault);
  }

  /** The sorted column's entry in the page's whitelist, or the page's default one. */
  public <T> T fieldIn(Map<String, T> known, T byDefault) {
    return field.map(known::get).orElse(byDefault);
  }

  /** Whether the rows go up; {@code byDefault} when nothing is sorted. */
  public boolean ascending(boolean byDefault) {
    return order == SortOrder.UNSORTED ? byDefault : order == SortOrder.ASCENDING;
  }
}
