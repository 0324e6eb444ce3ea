package dev.kefu.admin.control;

import dev.kefu.shared.Jsonp;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the tenants API answered to an import ({@code POST /api/v1/tenants/import}), as the tenants
 * page's script hands it on: the HTTP status and the body. The upload goes to the API rather than
 * through the page because a page post is bounded by {@code kf.http.console-max-bytes}, and an
 * export is as large as its tenant; the page only tells the operator what the answer says.
 *
 * @param tenantId the imported tenant (201), else {@code null}
 * @param rows how many rows the import took, all tables together (201)
 * @param files how many files it took (201)
 * @param code the refusal's code ({@code import_invalid}, {@code tenant_exists}, …) or one of
 *     {@link #SIGNED_OUT} and {@link #FAILED} when there was no refusal to read, else {@code null}
 * @param message the refusal's own words (English), for a code the page has no text for
 */
public record ImportAnswer(String tenantId, long rows, long files, String code, String message) {

  /** The session had ended (401): nothing was imported. */
  public static final String SIGNED_OUT = "signed_out";

  /** No answer, or one that is neither counts nor a refusal (a broken connection, a 500). */
  public static final String FAILED = "failed";

  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final int MOST_CHARS = 20_000;

  public boolean imported() {
    return tenantId != null;
  }

  /** Reads the status and body the page's script passed on; never throws. */
  public static ImportAnswer of(String status, String body) {
    int code;
    try {
      code = Integer.parseInt(status == null ? "" : status.strip());
    } catch (NumberFormatException notANumber) {
      code = 0;
    }
    if (code == 401) {
      return refusal(SIGNED_OUT, null);
    }
    Optional<JsonObject> json = json(body);
    if (code == 201 && json.isPresent()) {
      JsonObject counts = json.get();
      String tenantId = counts.getString("tenantId", null);
      if (tenantId != null && !tenantId.isBlank()) {
        long rows = 0;
        JsonValue byTable = counts.get("rows");
        if (byTable instanceof JsonObject tables) {
          for (JsonValue n : tables.values()) {
            if (n instanceof JsonNumber number) {
              rows += number.longValue();
            }
          }
        }
        JsonValue files = counts.get("files");
        return new ImportAnswer(
            tenantId, rows, files instanceof JsonNumber n ? n.longValue() : 0, null, null);
      }
    }
    if (code >= 400 && json.isPresent()) {
      String error = json.get().getString("error", "");
      if (CODE.matcher(error).matches()) {
        return refusal(error, json.get().getString("message", ""));
      }
    }
    return refusal(FAILED, null);
  }

  private static ImportAnswer refusal(String code, String message) {
    return new ImportAnswer(null, 0, 0, code, message == null ? "" : message);
  }

  private static Optional<JsonObject> json(String body) {
    if (body == null || body.isBlank() || body.length() > MOST_CHARS) {
      return Optional.empty();
    }
    try (JsonReader reader = Jsonp.createReader(new StringReader(body))) {
      return reader.readValue() instanceof JsonObject object
          ? Optional.of(object)
          : Optional.empty();
    } catch (JsonException | IllegalStateException notJson) {
      return Optional.empty();
    }
  }
}
