package dev.kefu.view;

import dev.kefu.events.MessagePosted;
import dev.kefu.file.entity.StoredFile;
import dev.kefu.shared.Jsonp;
import jakarta.json.JsonObjectBuilder;

/**
 * A file shared in a conversation, as participants see it: in a {@code msg} frame's {@code file}
 * and in the answer to an upload. {@code url} is where they download it, relative to the
 * application's context root.
 */
public record FileView(String id, String name, long size, String contentType, String url) {

  public static FileView of(StoredFile file) {
    return new FileView(file.id(), file.name(), file.size(), file.contentType(), url(file.id()));
  }

  public static FileView of(MessagePosted.Attachment file) {
    return new FileView(file.id(), file.name(), file.size(), file.contentType(), url(file.id()));
  }

  /** Where participants download a file, relative to the application's context root. */
  public static String url(String fileId) {
    return "/api/v1/files/" + fileId;
  }

  /** As JSON, in the protocol's order of fields. */
  public JsonObjectBuilder json() {
    return Jsonp.createObjectBuilder()
        .add("id", id)
        .add("name", name)
        .add("size", size)
        .add("contentType", contentType)
        .add("url", url);
  }
}
