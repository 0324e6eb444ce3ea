package dev.kefu.setup.boundary;

import dev.kefu.audit.boundary.AuditLog;
import dev.kefu.audit.entity.Action;
import dev.kefu.audit.entity.Actor;
import dev.kefu.setup.control.TableResealing;
import dev.kefu.shared.Clock;
import dev.kefu.shared.DataCipher;
import dev.kefu.shared.Jsonp;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Brings every encrypted value of the database under the current data key, in the background:
 * values sealed under an older key of the ring, and values stored in clear before Kefu encrypted
 * them. Table by table ({@link SealedTables}), {@value #BATCH} rows per transaction. Runs by itself
 * at start when the database is not known to be under the current key yet ({@link DataKeys}), and
 * when an admin asks ({@code POST /api/v1/admin/data-key/reencrypt}). When a pass has gone through
 * every table with no unreadable value, the key is recorded as the one the database is under; then
 * an older key may leave the ring.
 *
 * <p>One pass at a time per node. Passes of several nodes at once only share the work: each batch
 * locks its rows, and a value already under the current key is left alone.
 */
@Singleton
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Reencryption {

  static final int BATCH = 500;
  private static final Logger LOG = Logger.getLogger(Reencryption.class.getName());

  /**
   * What this node's last pass did, or is doing: under which key, since when, the rows looked at
   * and rewritten, the values that could not be opened (left as they were), and why it stopped if
   * it failed.
   */
  public record Progress(
      String keyId,
      boolean running,
      long rows,
      long resealed,
      long unreadable,
      Instant startedAt,
      Instant finishedAt,
      String failure) {

    /** Whether a pass under this key went through every table and left nothing unreadable. */
    public boolean complete() {
      return !running && finishedAt != null && failure == null && unreadable == 0;
    }

    /** The progress after one more batch. */
    Progress after(TableResealing.Batch batch) {
      return new Progress(
          keyId,
          true,
          rows + batch.rows(),
          resealed + batch.resealed(),
          unreadable + batch.unreadable(),
          startedAt,
          null,
          null);
    }

    /** The pass ended at {@code at}, whole or with a failure ({@code null} when whole). */
    Progress ended(Instant at, String failure) {
      return new Progress(keyId, false, rows, resealed, unreadable, startedAt, at, failure);
    }
  }

  @Inject private DataKeys keys;
  @Inject private TableResealing resealing;
  @Inject private Event<SealedTables> describe;
  @Inject private AuditLog auditLog;
  @Inject private Clock clock;

  @Resource private ManagedExecutorService executor;

  private final AtomicReference<Progress> progress = new AtomicReference<>();

  /**
   * Starts a pass unless one is running on this node; answers its progress. Audited, in a
   * transaction of its own, as asked by {@code by}.
   */
  public Progress start(Actor by) {
    Progress now = start(keys.cipher());
    auditLog.recordApart(
        by,
        Action.DATA_KEY_REENCRYPT,
        "data_key",
        now.keyId(),
        Jsonp.createObjectBuilder().add("startedAt", now.startedAt().toString()).build());
    return now;
  }

  /** Starts a pass under this ring unless one is running on this node; answers its progress. */
  public Progress start(DataCipher cipher) {
    Progress begun = new Progress(cipher.currentKeyId(), true, 0, 0, 0, clock.now(), null, null);
    while (true) {
      Progress last = progress.get();
      if (last != null && last.running()) {
        return last;
      }
      if (progress.compareAndSet(last, begun)) {
        break;
      }
    }
    executor.execute(() -> run(cipher));
    return begun;
  }

  /** This node's last pass, or the database's state when this node has run none. */
  public Progress progress() {
    Progress last = progress.get();
    if (last != null) {
      return last;
    }
    String current = keys.cipher().currentKeyId();
    boolean under = keys.sealedUnder().filter(current::equals).isPresent();
    return new Progress(current, false, 0, 0, 0, null, null, under ? null : "not run yet");
  }

  private void run(DataCipher cipher) {
    Progress state = progress.get();
    LOG.info("re-encryption under data key " + cipher.currentKeyId() + " started");
    try {
      SealedTables tables = new SealedTables();
      describe.fire(tables);
      for (SealedTables.Table table : tables.tables()) {
        String after = "";
        while (true) {
          TableResealing.Batch batch = resealing.reseal(cipher, table, after, BATCH);
          if (batch.lastId() == null) {
            break;
          }
          state = state.after(batch);
          progress.set(state);
          after = batch.lastId();
        }
      }
      Progress done = state.ended(clock.now(), null);
      if (done.complete()) {
        keys.sealedUnder(cipher.currentKeyId());
      }
      progress.set(done);
      LOG.info(
          () ->
              "re-encryption under data key "
                  + done.keyId()
                  + " finished: "
                  + done.rows()
                  + " rows read, "
                  + done.resealed()
                  + " rewritten"
                  + (done.unreadable() == 0
                      ? "; every value is under this key"
                      : ", "
                          + done.unreadable()
                          + " values could not be decrypted and were left as they are; keep"
                          + " the older keys in the ring until they are found"));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "re-encryption under data key " + state.keyId() + " stopped", e);
      progress.set(state.ended(clock.now(), e.getClass().getSimpleName()));
    }
  }
}
