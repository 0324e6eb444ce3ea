package dev.kefu.web.boundary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * Leaves each tag once in the API's OpenAPI document, with its description. The server adds a
 * resource class's tag to the document's list once per class, beside the described one of {@code
 * META-INF/openapi.yaml}; the list keeps the order of that file. Named by {@code
 * mp.openapi.filter}.
 */
public class ApiDocTags implements OASFilter {

  @Override
  public void filterOpenAPI(OpenAPI document) {
    List<Tag> tags = document.getTags();
    if (tags == null) {
      return;
    }
    Map<String, Tag> once = new LinkedHashMap<>();
    for (Tag tag : tags) {
      Tag kept = once.get(tag.getName());
      if (kept == null || (kept.getDescription() == null && tag.getDescription() != null)) {
        once.put(tag.getName(), tag);
      }
    }
    document.setTags(new ArrayList<>(once.values()));
  }
}
