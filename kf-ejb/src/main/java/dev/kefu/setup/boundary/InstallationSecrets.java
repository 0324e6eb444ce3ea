package dev.kefu.setup.boundary;

import dev.kefu.setup.entity.Setting;
import dev.kefu.shared.PublicId;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keys the installation makes for itself on first use and keeps in the database, so that every node
 * signs and checks with the same key. They never leave the server.
 */
@Singleton
public class InstallationSecrets {

  public static final String VISITOR_TOKEN_KEY = "visitor-token-key";

  @PersistenceContext private EntityManager em;

  private final ConcurrentMap<String, byte[]> cache = new ConcurrentHashMap<>();

  /** The key of that name, made now if the installation has none yet. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public byte[] key(String name) {
    byte[] cached = cache.get(name);
    if (cached != null) {
      return cached;
    }
    Setting setting = em.find(Setting.class, name);
    if (setting == null) {
      setting = new Setting(name, PublicId.randomToken(32));
      em.persist(setting);
      em.flush();
    }
    byte[] key = Base64.getUrlDecoder().decode(setting.value());
    cache.put(name, key);
    return key;
  }
}
