package dev.kefu.setup.entity;

import dev.kefu.setup.boundary.DataKeys;
import dev.kefu.shared.DataCipher;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Stores an attribute encrypted under the installation's data key ({@link DataKeys}) and reads it
 * back in clear, so that the business keeps working with plain strings. Put on an entity's
 * attribute with {@code @Convert(converter = Sealed.class)}; the entity also needs Hibernate's
 * {@code @DynamicUpdate}, so that an update writes only the columns that changed and never seals a
 * value again that nobody touched.
 *
 * <p>A value that cannot be opened (its key is not in the ring, or it was changed) reads as {@link
 * #UNREADABLE} and is logged, without the value: one broken row must not fail every page that shows
 * it. That placeholder is never written back ({@link #convertToDatabaseColumn} refuses it), so the
 * stored value stays as it was for someone with the right key.
 */
@Converter
public class Sealed implements AttributeConverter<String, String> {

  /** What an unreadable value reads as. */
  public static final String UNREADABLE = "[unreadable · 无法解密]";

  private static final Logger LOG = Logger.getLogger(Sealed.class.getName());
  private static final long LOG_EVERY_MILLIS = 60_000;
  private static final AtomicLong lastLogged = new AtomicLong();

  private volatile DataCipher cipher;

  @Override
  public String convertToDatabaseColumn(String value) {
    if (value == null) {
      return null;
    }
    if (value == UNREADABLE) { // the very placeholder, not a text that looks like it
      throw new IllegalStateException("an unreadable value is never written back");
    }
    return cipher().seal(value);
  }

  @Override
  public String convertToEntityAttribute(String stored) {
    try {
      return cipher().open(stored);
    } catch (DataCipher.Unreadable e) {
      long now = System.currentTimeMillis();
      long last = lastLogged.get();
      if (now - last >= LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
        LOG.severe(
            "a value of visitors' personal data cannot be decrypted and is shown as unreadable: "
                + e.getMessage()
                + " (the stored value is kept; further ones are logged at most once a minute)");
      }
      return UNREADABLE;
    }
  }

  /**
   * The ring of this deployment, looked up once: Hibernate makes converters itself, outside CDI's
   * injection.
   */
  private DataCipher cipher() {
    DataCipher known = cipher;
    if (known == null) {
      known = CDI.current().select(DataKeys.class).get().cipher();
      cipher = known;
    }
    return known;
  }
}
