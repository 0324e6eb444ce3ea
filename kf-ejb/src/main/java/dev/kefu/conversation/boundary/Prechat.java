package dev.kefu.conversation.boundary;

import java.util.Map;

/**
 * What the visitor chose and filled in the site's pre-chat form before the first message: the
 * department (routed by first when the site offers it) and the form's fields by key.
 */
public record Prechat(String departmentId, Map<String, String> fields) {

  public Prechat {
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }
}
