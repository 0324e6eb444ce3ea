package dev.kefu.file.control;

import dev.kefu.shared.PublicId;
import dev.kefu.shared.RuleViolation;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongUnaryOperator;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The folder where shared files' bytes live: {@code files/} under the data directory ({@code
 * kf.data.dir}, {@code KF_DATA_DIR}), or {@code kf.files.dir} when set. Each file is written as it
 * arrives, never held whole in memory, under a random name; it becomes visible under its final name
 * only once complete and accepted, and a refused or broken upload leaves nothing behind.
 */
@ApplicationScoped
public class FileStorage {

  private static final Logger LOG = Logger.getLogger(FileStorage.class.getName());

  @Inject
  @ConfigProperty(name = "kf.data.dir")
  Optional<String> dataDir;

  @Inject
  @ConfigProperty(name = "kf.files.dir")
  Optional<String> filesDir;

  @Inject
  @ConfigProperty(name = "kf.files.max-bytes", defaultValue = "10485760")
  long maxBytes;

  /**
   * How much of a refused upload is still read (and dropped) so that the client, still sending,
   * gets the answer rather than a broken connection: up to this many times the limit.
   */
  static final int DRAIN_FACTOR = 8;

  private Path folder;

  /** A file written to the folder: its random name, size, SHA-256 and sniffed type. */
  public record Written(String storageName, long size, String sha256, FileType type) {}

  @PostConstruct
  void locate() {
    folder = filesDir.filter(d -> !d.isBlank()).map(Path::of).orElseGet(this::defaultFolder);
    LOG.info("shared files are kept in " + folder.toAbsolutePath());
  }

  /**
   * Without a setting: the data directory's {@code files/}; on a full server without one, the
   * domain's own folder ({@code com.sun.aas.instanceRoot}), which its backups already cover; as a
   * last resort the user's home.
   */
  private Path defaultFolder() {
    Optional<String> instanceRoot =
        Optional.ofNullable(System.getProperty("com.sun.aas.instanceRoot"));
    Path data =
        dataDir
            .filter(d -> !d.isBlank())
            .map(Path::of)
            .or(() -> instanceRoot.map(r -> Path.of(r, "kefu-data")))
            .orElseGet(() -> Path.of(System.getProperty("user.home"), ".kefu", "data"));
    return data.resolve("files");
  }

  /** The largest file accepted, in bytes ({@code kf.files.max-bytes}). */
  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Writes {@code in} to a new file, computing its size and SHA-256 on the way. Refuses with {@code
   * file_too_large} past {@link #maxBytes()} and {@code file_type_refused} for a type not on the
   * list ({@link FileType}); a refused or failed upload leaves no file behind. The rest of a
   * refused upload is read and dropped (up to {@link #DRAIN_FACTOR} times the limit), so that a
   * browser still sending gets the answer.
   */
  public Written write(InputStream in, String name) {
    try {
      return store(in, name);
    } catch (RuleViolation refused) {
      drain(in);
      throw refused;
    }
  }

  /**
   * Reads and drops what is left of a request body, up to {@link #DRAIN_FACTOR} times the limit;
   * answers whether it was all read.
   */
  public boolean drain(InputStream in) {
    byte[] buffer = new byte[64 * 1024];
    long left = maxBytes * DRAIN_FACTOR;
    try {
      int read;
      while (left > 0 && (read = in.read(buffer)) != -1) {
        left -= read;
      }
      return left > 0;
    } catch (IOException gone) {
      return false;
    }
  }

  private Written store(InputStream in, String name) {
    String storageName = PublicId.randomToken(24);
    Path part = folder.resolve(storageName + ".part");
    try {
      Files.createDirectories(folder);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long size = 0;
      FileType type;
      try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW)) {
        byte[] head = new byte[FileType.SNIFF_BYTES];
        int filled = in.readNBytes(head, 0, head.length);
        type =
            FileType.sniff(head, filled, name)
                .orElseThrow(
                    () ->
                        new RuleViolation(
                            "file_type_refused",
                            "this type of file is not accepted (images, PDF, text, Office"
                                + " documents and ZIP are)"));
        size = checked(filled);
        sha.update(head, 0, filled);
        out.write(head, 0, filled);
        size = copy(in, out, sha, size, this::checked);
      }
      Files.move(part, folder.resolve(storageName), StandardCopyOption.ATOMIC_MOVE);
      return new Written(storageName, size, HexFormat.of().formatHex(sha.digest()), type);
    } catch (IOException e) {
      throw new UncheckedIOException("could not store an uploaded file", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    } finally {
      removeUnfinished(part);
    }
  }

  /**
   * Copies the rest of {@code in} to {@code out}, adding it to {@code sha}; answers {@code size}
   * plus the bytes copied. Each running total goes through {@code limit}, which may refuse it.
   */
  private static long copy(
      InputStream in, OutputStream out, MessageDigest sha, long size, LongUnaryOperator limit)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    int read;
    while ((read = in.read(buffer)) != -1) {
      size = limit.applyAsLong(size + read);
      sha.update(buffer, 0, read);
      out.write(buffer, 0, read);
    }
    return size;
  }

  /** Removes what is left of a write that did not finish (nothing, when it did). */
  private static void removeUnfinished(Path part) {
    try {
      Files.deleteIfExists(part);
    } catch (IOException e) {
      LOG.warning("could not remove an unfinished file " + part.getFileName());
    }
  }

  private long checked(long size) {
    if (size > maxBytes) {
      throw tooLarge(maxBytes);
    }
    return size;
  }

  public static RuleViolation tooLarge(long maxBytes) {
    return new RuleViolation("file_too_large", "the file is larger than " + maxBytes + " bytes");
  }

  /**
   * Writes the bytes of a file moved from another installation under its own storage name (a
   * tenant's import); answers its SHA-256, for the caller to compare with its record. Refuses a
   * name that is not a plain storage name or is taken; a failed write leaves nothing behind.
   */
  public String restore(InputStream in, String storageName) {
    if (storageName == null || !storageName.matches("[A-Za-z0-9_-]{1,80}")) {
      throw new RuleViolation("import_invalid", "not a storage name: " + storageName);
    }
    Path target = folder.resolve(storageName);
    Path part = folder.resolve(storageName + ".part");
    try {
      Files.createDirectories(folder);
      if (Files.exists(target)) {
        throw new RuleViolation("import_conflict", "a stored file has this name already");
      }
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW)) {
        // Accepted under the other installation's limit: not refused here for its size.
        copy(in, out, sha, 0, total -> total);
      }
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write an imported file", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    } finally {
      removeUnfinished(part);
    }
  }

  /** The bytes of a stored file. */
  public Path pathOf(String storageName) {
    return folder.resolve(storageName);
  }

  /** Removes a stored file whose record could not be kept. */
  public void delete(String storageName) {
    try {
      Files.deleteIfExists(folder.resolve(storageName));
    } catch (IOException e) {
      LOG.warning("could not remove stored file " + storageName);
    }
  }
}
