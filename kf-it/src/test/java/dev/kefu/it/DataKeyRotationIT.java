package dev.kefu.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kefu.shared.DataCipher;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A rotated data key, as docs/operations.md tells the operator to rotate it: the server starts with
 * a new current key and the run's key ({@code kf.it.data.key}, which every other class's server
 * used) as an older one. Rows under the older key and rows stored before Kefu encrypted anything
 * read as before; after the re-encryption that an admin starts, no value of the database is under
 * the older key or in clear any more.
 */
@ExtendWith(KefuServer.class)
@KefuServer.Settings({
  "kf.data.key=" + DataKeyRotationIT.NEW_KEY,
  "kf.data.keys.old=${kf.it.data.key}"
})
@Order(Integer.MAX_VALUE) // the database stays under the new key: no server with the old one after
@ResourceLock(KefuServer.RESOURCE)
class DataKeyRotationIT {

  /** The new key, for this test only. */
  static final String NEW_KEY = "gP469Z9mo3Uh0jkmHP5QHG5OEy//QBv0f/Bp71Gqpv0=";

  private static final Duration PASS = Duration.ofMinutes(3);

  Kefu kefu;

  @BeforeEach
  void connect(URL deployment) {
    kefu = new Kefu(deployment);
  }

  @Test
  void rowsUnderTheOlderKeyOrInClearReadAndEndUpUnderTheNewKey() {
    DataCipher old = ring(System.getProperty("kf.it.data.key"));
    DataCipher current = ring(NEW_KEY);
    // The start found the database under the older key and re-encrypts it already; rows made
    // under the older key are made after that pass, so that the admin's pass is what they need.
    await().atMost(PASS).until(() -> !progress().getBoolean("running"));

    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String newName = "Nia Newkey " + suffix;
    String newContact = "nia." + suffix + "@private.example";
    String oldName = "Olu Oldkey " + suffix;
    String oldContact = "olu." + suffix + "@private.example";
    String clearName = "Cai Inclear " + suffix;
    String clearContact = "+86 21 5555 " + Math.abs(suffix.hashCode() % 10000);
    String underNew = leftMessage(newName, newContact);
    String underOld = leftMessage("x", "x@example.com");
    storedAs(underOld, old.seal(oldName), old.seal(oldContact));
    String inClear = leftMessage("x", "x@example.com");
    storedAs(inClear, clearName, clearContact);

    assertReadBack(underNew, newName, newContact);
    assertReadBack(underOld, oldName, oldContact);
    assertReadBack(inClear, clearName, clearContact);
    assertThat(DatabaseDump.of(kefu))
        .as("before the re-encryption")
        .contains("kf1:" + old.currentKeyId() + ":")
        .contains(clearName, clearContact)
        .doesNotContain(newName, oldName);

    Instant asked = Instant.now().minusSeconds(1);
    HttpResponse<String> started = kefu.post("api/v1/admin/data-key/reencrypt", Kefu.basic());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    assertThat(json(started.body()).getString("currentKeyId")).isEqualTo(current.currentKeyId());
    await()
        .atMost(PASS)
        .until(
            () -> {
              JsonObject progress = progress();
              return progress.getBoolean("complete")
                  && Instant.parse(progress.getString("startedAt")).isAfter(asked);
            });
    assertThat(progress().getJsonNumber("resealed").longValue())
        .as("rows rewritten by the admin's pass")
        .isGreaterThanOrEqualTo(2);

    assertReadBack(underNew, newName, newContact);
    assertReadBack(underOld, oldName, oldContact);
    assertReadBack(inClear, clearName, clearContact);
    assertThat(DatabaseDump.of(kefu))
        .as("after the re-encryption")
        .contains("kf1:" + current.currentKeyId() + ":")
        .doesNotContain("kf1:" + old.currentKeyId() + ":")
        .doesNotContain(clearName, clearContact, oldName, oldContact, newName, newContact);
  }

  private String leftMessage(String name, String contact) {
    return kefu.fixture("offline-messages", Map.of("name", name, "contact", contact));
  }

  /** Overwrites what is stored of a left message, as rows of an older key or of before were. */
  private void storedAs(String id, String name, String contact) {
    kefu.fixture("offline-messages/" + id + "/stored", Map.of("name", name, "contact", contact));
  }

  private void assertReadBack(String id, String name, String contact) {
    JsonObject listed =
        json(kefu.get("api/v1/inbox/offline-messages"))
            .getJsonArray("messages")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(m -> m.getString("id").equals(id))
            .findFirst()
            .orElseThrow(() -> new AssertionError(id + " is not in the admin's inbox"));
    assertThat(listed.getString("name")).isEqualTo(name);
    assertThat(listed.getString("contact")).isEqualTo(contact);
  }

  private JsonObject progress() {
    return json(kefu.get("api/v1/admin/data-key"));
  }

  private static DataCipher ring(String base64) {
    return new DataCipher(List.of(DataCipher.decodeKey(base64)));
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }
}
