package dev.kefu.file.boundary;

import dev.kefu.file.entity.StoredFile;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Writes a file's record in a transaction of its own, after its bytes are on disk: committed before
 * the uploader hears of the file, so the message that sends it always finds it.
 */
@Stateless
public class FileRecords {

  @PersistenceContext private EntityManager em;

  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void keep(StoredFile file) {
    em.persist(file);
  }
}
