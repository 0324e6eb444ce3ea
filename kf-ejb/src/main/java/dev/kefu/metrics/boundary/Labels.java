package dev.kefu.metrics.boundary;

import java.util.List;

/** The values of a family's labels, as the key of one of its series. */
final class Labels {

  private Labels() {}

  /**
   * The values, checked to be one for each label of the family, in the order the labels were named.
   */
  static List<String> key(String family, List<String> labels, String... values) {
    if (values.length != labels.size()) {
      throw new IllegalArgumentException(family + " has the labels " + labels);
    }
    return List.of(values);
  }
}
