package dev.kefu.file.boundary;

import dev.kefu.file.control.FileName;
import dev.kefu.file.control.FileStorage;
import dev.kefu.file.entity.StoredFile;
import dev.kefu.file.entity.StoredFile.Uploader;
import dev.kefu.shared.Clock;
import dev.kefu.shared.NotFoundException;
import dev.kefu.shared.RuleViolation;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Files shared in conversations: their bytes and their records. Who may upload a file for which
 * conversation and who may read it back is the conversations' to say ({@code Attachments}, in the
 * conversation component, which calls here); this component knows nothing of conversations but
 * their ids.
 *
 * <p>The bytes are written outside any transaction, as they arrive, so a slow upload holds no
 * database connection; the record follows in a short transaction, and the bytes are removed again
 * when it fails.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Files {

  private static final Logger LOG = Logger.getLogger(Files.class.getName());

  @PersistenceContext private EntityManager em;
  @Inject private FileStorage storage;
  @Inject private Clock clock;
  @Inject private FileRecords records;
  @Resource private TransactionSynchronizationRegistry transactions;

  /** Reads and drops what is left of a refused upload, so that its client gets the answer. */
  public void drain(InputStream bytes) {
    storage.drain(bytes);
  }

  /** The largest file accepted, in bytes. */
  public long maxBytes() {
    return storage.maxBytes();
  }

  /**
   * Stores a file uploaded for the conversation {@code conversationId} (null: the one its message
   * opens), on behalf of a caller who was allowed to.
   */
  public StoredFile store(
      String tenantId,
      String conversationId,
      Uploader uploader,
      String uploaderId,
      String name,
      InputStream bytes) {
    FileStorage.Written written;
    try {
      written = storage.write(bytes, name);
    } catch (RuleViolation refused) {
      LOG.info(
          () ->
              "upload refused ("
                  + refused.code()
                  + ") from "
                  + uploader.name().toLowerCase(java.util.Locale.ROOT)
                  + " "
                  + uploaderId);
      throw refused;
    }
    StoredFile file =
        new StoredFile(
            tenantId,
            conversationId,
            uploader,
            uploaderId,
            FileName.of(name, written.type()),
            written.type().contentType(),
            written.size(),
            written.sha256(),
            written.storageName(),
            clock.now());
    try {
      records.keep(file);
    } catch (RuntimeException failed) {
      storage.delete(written.storageName());
      throw failed;
    }
    LOG.fine(() -> "file " + file.id() + " stored (" + written.size() + " bytes)");
    return file;
  }

  /** Where the bytes of a file are. */
  public java.nio.file.Path bytesOf(StoredFile file) {
    return storage.pathOf(file.storageName());
  }

  /** The file with this id; {@code not_found} when there is none. */
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  public StoredFile find(String fileId) {
    StoredFile file = fileId == null ? null : em.find(StoredFile.class, fileId);
    if (file == null) {
      throw new NotFoundException("no such file");
    }
    return file;
  }

  /**
   * Deletes, in the caller's transaction, the records of the files of these conversations and of
   * every file this visitor uploaded; their bytes are removed once that transaction has committed
   * (never before: a rollback keeps records and bytes together). Messages that name these files
   * must be gone first. Answers how many files went.
   */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public int eraseOf(Collection<String> conversationIds, String visitorId) {
    String visitor = Uploader.VISITOR.name().toLowerCase(Locale.ROOT);
    List<StoredFile> files =
        em.createQuery(
                "select f from StoredFile f where f.conversationId in :c"
                    + " or (f.uploaderType = :t and f.uploaderId = :v)",
                StoredFile.class)
            .setParameter("c", conversationIds.isEmpty() ? List.of("") : conversationIds)
            .setParameter("t", visitor)
            .setParameter("v", visitorId)
            .getResultList();
    List<String> storageNames = files.stream().map(StoredFile::storageName).toList();
    files.forEach(em::remove);
    em.flush();
    removeAfterCommit(storageNames);
    return files.size();
  }

  /** Where the bytes of the file stored under this name are (a tenant's export reads them). */
  public java.nio.file.Path bytesOf(String storageName) {
    return storage.pathOf(storageName);
  }

  /**
   * Writes the bytes of an imported file under its storage name, in the caller's transaction's
   * name: answers their SHA-256, and removes them again if that transaction rolls back.
   */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public String restore(String storageName, InputStream bytes) {
    String sha256 = storage.restore(bytes, storageName);
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
              storage.delete(storageName);
            }
          }
        });
    return sha256;
  }

  /** Removes the bytes of these stored files once the caller's transaction has committed. */
  @TransactionAttribute(TransactionAttributeType.MANDATORY)
  public void removeAfterCommit(Collection<String> storageNames) {
    List<String> names = List.copyOf(storageNames);
    transactions.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              names.forEach(storage::delete);
            }
          }
        });
  }
}
