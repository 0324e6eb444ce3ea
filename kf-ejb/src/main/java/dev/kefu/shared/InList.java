package dev.kefu.shared;

import jakarta.persistence.Query;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Keys for a query's {@code in (…)}, bound as single parameters in a few fixed numbers, so that
 * Hibernate plans the query once for each number.
 *
 * <p>Hibernate keeps the SQL it translated from a JPQL query only when none of the query's
 * parameters is a list: {@code where v.id in :ids} is translated again on every run. For the
 * statements of a group of messages stored together that was a fifth of the writer's time
 * (docs/benchmarks.md). Here the keys become {@code in (:ids0, :ids1, …)}, padded to the next power
 * of two with copies of the last key, which find no other rows: a query of up to {@value #MOST}
 * keys has at most eleven texts (1, 2, 4, … parameters), each planned once.
 */
public final class InList {

  /** The most keys of one list. */
  public static final int MOST = 1024;

  private final String name;
  private final List<Object> keys;

  private InList(String name, List<Object> keys) {
    this.name = name;
    this.keys = keys;
  }

  /**
   * The keys for the parameters {@code name0}, {@code name1}, …; at least one, at most {@value
   * #MOST}.
   */
  public static InList of(String name, Collection<?> keys) {
    if (keys.isEmpty() || keys.size() > MOST) {
      throw new IllegalArgumentException(keys.size() + " keys for an in list of 1 to " + MOST);
    }
    int size = Integer.highestOneBit(keys.size());
    if (size < keys.size()) {
      size <<= 1;
    }
    List<Object> padded = new ArrayList<>(size);
    padded.addAll(keys);
    Object last = padded.get(padded.size() - 1);
    while (padded.size() < size) {
      padded.add(last);
    }
    return new InList(name, padded);
  }

  /**
   * The keys without repeats, as lists of at most {@value #MOST} each, in their order: for a group
   * whose keys may be more than one statement takes.
   */
  public static List<InList> chunksOf(String name, Collection<?> keys) {
    List<?> distinct = keys.stream().distinct().toList();
    List<InList> chunks = new ArrayList<>();
    for (int from = 0; from < distinct.size(); from += MOST) {
      chunks.add(of(name, distinct.subList(from, Math.min(distinct.size(), from + MOST))));
    }
    return chunks;
  }

  /** What goes after {@code in} in the query's text: {@code (:name0, :name1, …)}. */
  public String placeholders() {
    StringBuilder text = new StringBuilder(keys.size() * (name.length() + 6));
    text.append('(');
    for (int i = 0; i < keys.size(); i++) {
      text.append(i == 0 ? ":" : ", :").append(name).append(i);
    }
    return text.append(')').toString();
  }

  /** Binds the keys to the parameters of {@link #placeholders()} in {@code query}. */
  public <Q extends Query> Q bindTo(Q query) {
    for (int i = 0; i < keys.size(); i++) {
      query.setParameter(name + i, keys.get(i));
    }
    return query;
  }

  /** How many parameters the list has: the number of keys, rounded up to a power of two. */
  public int size() {
    return keys.size();
  }
}
