package dev.kefu.setup.control;

import dev.kefu.shared.DataCipher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Where the data keys come from, read in the order of the ring: the current key ({@code
 * kf.data.key}) or a key file ({@code kf.data.key-file}: one base64 key a line, the current one
 * first, blank lines and lines starting with {@code #} ignored), then the older keys ({@code
 * kf.data.keys.old}, comma-separated). Refusals name the setting, never the key.
 */
public final class KeyRingSources {

  /** The name of the key file Kefu makes for its embedded database in the data directory. */
  public static final String GENERATED_FILE = "data-key";

  private static final Logger LOG = Logger.getLogger(KeyRingSources.class.getName());

  private final Optional<String> key;
  private final Optional<Path> keyFile;
  private final Optional<String> oldKeys;

  public KeyRingSources(Optional<String> key, Optional<Path> keyFile, Optional<String> oldKeys) {
    this.key = key;
    this.keyFile = keyFile;
    this.oldKeys = oldKeys;
  }

  /** The configured keys, the current one first; empty when none is configured. */
  public List<byte[]> keys() {
    if (key.isPresent() && keyFile.isPresent()) {
      throw new IllegalArgumentException(
          "set either kf.data.key (KF_DATA_KEY) or kf.data.key-file, not both");
    }
    List<byte[]> ring = new ArrayList<>();
    key.ifPresent(k -> ring.add(decode(k, "kf.data.key (KF_DATA_KEY)")));
    keyFile.ifPresent(
        file -> {
          List<byte[]> inFile = read(file);
          if (inFile.isEmpty()) {
            throw new IllegalArgumentException("the data key file " + file + " holds no key");
          }
          ring.addAll(inFile);
        });
    oldKeys.ifPresent(
        list -> {
          for (String old : list.split(",")) {
            if (!old.isBlank()) {
              ring.add(decode(old, "kf.data.keys.old"));
            }
          }
        });
    if (!ring.isEmpty() && key.isEmpty() && keyFile.isEmpty()) {
      throw new IllegalArgumentException(
          "kf.data.keys.old names older keys but there is no current one; set KF_DATA_KEY");
    }
    return ring;
  }

  /** The file of the key Kefu makes for its embedded database. */
  public static Path generatedFile(Path dataFolder) {
    return dataFolder.resolve(GENERATED_FILE);
  }

  /**
   * The ring with the keys of the generated file after the configured ones, when that file exists:
   * an embedded installation that chose a key of its own later still reads what it stored before.
   */
  public static List<byte[]> withGenerated(List<byte[]> ring, Path generated) {
    if (!Files.exists(generated)) {
      return ring;
    }
    List<byte[]> all = new ArrayList<>(ring);
    all.addAll(read(generated));
    return all;
  }

  /** Makes a new random key in a new file that only its owner may read; answers the key. */
  public static byte[] generate(Path file) {
    byte[] key = DataCipher.newKey();
    byte[] line =
        (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(file);
      }
      Files.write(file, line, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      return key;
    } catch (FileAlreadyExistsException e) {
      // Another start made it a moment ago: that one counts.
      return read(file).get(0);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the data key file " + file + " cannot be written (" + e.getMessage() + ")");
    }
  }

  private static List<byte[]> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the data key file " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    warnIfOthersMayRead(file);
    List<byte[]> keys = new ArrayList<>();
    for (String line : lines) {
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        keys.add(decode(line, "the data key file " + file));
      }
    }
    return keys;
  }

  private static byte[] decode(String base64, String where) {
    try {
      return DataCipher.decodeKey(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
  }

  private static void warnIfOthersMayRead(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warning(
            "the data key file " + file + " may be read by others than its owner; chmod 600 it");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to check.
    }
  }
}
