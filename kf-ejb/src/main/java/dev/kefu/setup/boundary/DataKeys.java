package dev.kefu.setup.boundary;

import dev.kefu.setup.control.KeyRingSources;
import dev.kefu.setup.entity.Setting;
import dev.kefu.shared.DataCipher;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The key ring that encrypts visitors' personal data in the database ({@link DataCipher}), read
 * once at start: the current key from {@code kf.data.key} ({@code KF_DATA_KEY}) or the first line
 * of {@code kf.data.key-file}, older keys from the further lines of that file and from {@code
 * kf.data.keys.old}. Without any key, the embedded database (H2, a trial) gets one generated into
 * the data directory; a node on an external database refuses to start, since a key it made up would
 * be on this node only and gone with it.
 *
 * <p>Also refuses to start when the database was last encrypted under a key the ring does not hold:
 * every value would then be unreadable. When the database's values are not all under the current
 * key yet (after an upgrade or a rotation), starts their re-encryption ({@link Reencryption}).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@Lock(LockType.READ)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class DataKeys {

  /** The setting that names the key under which a re-encryption last finished every table. */
  public static final String SEALED_UNDER = "data-key-sealed";

  static final String REFUSAL =
      "Kefu refuses to start: it keeps visitors' personal data encrypted and has no data key for"
          + " this external database; set KF_DATA_KEY (kf.data.key) to the base64 of 32 random"
          + " bytes (openssl rand -base64 32), or kf.data.key-file to a file holding it, and keep a"
          + " copy of it with the database's backups";

  private static final Logger LOG = Logger.getLogger(DataKeys.class.getName());

  @Inject private DataSource dataSource;

  @PersistenceContext private EntityManager em;
  @Inject private Reencryption reencryption;

  @Inject
  @ConfigProperty(name = "kf.data.key")
  private Optional<String> key;

  @Inject
  @ConfigProperty(name = "kf.data.key-file")
  private Optional<String> keyFile;

  @Inject
  @ConfigProperty(name = "kf.data.keys.old")
  private Optional<String> oldKeys;

  @Inject
  @ConfigProperty(name = "kf.data.dir")
  private Optional<String> dataDir;

  private DataCipher cipher;

  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  void load() {
    KeyRingSources sources =
        new KeyRingSources(
            key.filter(k -> !k.isBlank()),
            keyFile.filter(f -> !f.isBlank()).map(Path::of),
            oldKeys.filter(k -> !k.isBlank()));
    List<byte[]> ring;
    try {
      ring = sources.keys();
      if (embedded()) {
        Path generated = KeyRingSources.generatedFile(dataFolder());
        ring = KeyRingSources.withGenerated(ring, generated);
        if (ring.isEmpty()) {
          ring = List.of(KeyRingSources.generate(generated));
          LOG.warning(
              "\n==================================================================\n"
                  + "  Kefu made a data key for the embedded database: "
                  + generated
                  + "\n  It encrypts visitors' personal data. Back it up with the database:"
                  + "\n  a backup without it cannot be read. Set KF_DATA_KEY to choose one.\n"
                  + "==================================================================");
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("Kefu refuses to start: " + e.getMessage(), e);
    }
    if (ring.isEmpty()) {
      LOG.severe(REFUSAL);
      throw new IllegalStateException(REFUSAL);
    }
    cipher = new DataCipher(ring);
    Setting sealed = em.find(Setting.class, SEALED_UNDER);
    if (sealed != null && !cipher.keyIds().contains(sealed.value())) {
      String refusal =
          "Kefu refuses to start: the database's personal data is encrypted under the data key "
              + sealed.value()
              + ", which is not in the key ring (keys "
              + String.join(", ", cipher.keyIds())
              + "); give that key as KF_DATA_KEY or in kf.data.keys.old";
      LOG.severe(refusal);
      throw new IllegalStateException(refusal);
    }
    LOG.info(
        "data key ring: current key "
            + cipher.currentKeyId()
            + (cipher.keyIds().size() > 1
                ? ", older keys " + String.join(", ", cipher.keyIds().stream().skip(1).toList())
                : ""));
    if (sealed == null || !sealed.value().equals(cipher.currentKeyId())) {
      LOG.info(
          "the database's personal data is not all under key "
              + cipher.currentKeyId()
              + " yet; re-encrypting it in the background");
      reencryption.start(cipher);
    }
  }

  /** The key ring of this node. */
  public DataCipher cipher() {
    return cipher;
  }

  /**
   * Records that every table was re-encrypted under this key: a later start need not look again,
   * and refuses a ring without it.
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public void sealedUnder(String keyId) {
    Setting setting = em.find(Setting.class, SEALED_UNDER);
    if (setting == null) {
      em.persist(new Setting(SEALED_UNDER, keyId));
    } else {
      setting.change(keyId);
    }
  }

  /** Which key the database was last wholly re-encrypted under, if it was. */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public Optional<String> sealedUnder() {
    return Optional.ofNullable(em.find(Setting.class, SEALED_UNDER)).map(Setting::value);
  }

  /** Whether Kefu runs on its embedded database (H2), a trial that may make its own key. */
  private boolean embedded() {
    try (Connection connection = dataSource.getConnection()) {
      return connection
          .getMetaData()
          .getDatabaseProductName()
          .toLowerCase(Locale.ROOT)
          .contains("h2");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Kefu cannot reach its database (jdbc/kefu): " + e.getMessage(), e);
    }
  }

  private Path dataFolder() {
    return dataDir
        .filter(d -> !d.isBlank())
        .map(Path::of)
        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".kefu", "data"));
  }
}
