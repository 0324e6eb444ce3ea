package dev.kefu.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether the data directory ({@code kf.data.dir}: the embedded database, the shared files, the
 * logs of {@code bin/kefu-server}) has room: at least {@code kf.health.min-free-disk-mb} (256) MiB
 * free. Below that an upload, a write of the embedded database or the log fails soon.
 */
@ApplicationScoped
public class DiskProbe {

  private static final long MIB = 1024L * 1024;

  @Inject
  @ConfigProperty(name = "kf.data.dir")
  Optional<String> dataDir;

  @Inject
  @ConfigProperty(name = "kf.health.min-free-disk-mb", defaultValue = "256")
  long minFreeMb;

  /** Empty while there is room (or no data directory is set); else why not. */
  public Optional<String> problem() {
    Optional<Long> free = usable();
    return free.isPresent() && free.get() < minFreeMb * MIB
        ? Optional.of("little free disk space in the data directory")
        : Optional.empty();
  }

  /** The free space in words, such as {@code 12.3 GiB free}. */
  public String free() {
    return usable()
        .map(bytes -> String.format(java.util.Locale.ROOT, "%.1f GiB free", bytes / (1024.0 * MIB)))
        .orElse("no data directory set");
  }

  private Optional<Long> usable() {
    if (dataDir.isEmpty() || dataDir.get().isBlank()) {
      return Optional.empty();
    }
    Path dir = Path.of(dataDir.get());
    try {
      return Optional.of(
          Files.getFileStore(Files.exists(dir) ? dir : dir.toAbsolutePath().getRoot())
              .getUsableSpace());
    } catch (IOException | RuntimeException e) {
      return Optional.of(0L);
    }
  }
}
