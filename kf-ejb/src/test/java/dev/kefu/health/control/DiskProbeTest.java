package dev.kefu.health.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskProbeTest {

  @TempDir Path data;

  @Test
  void aDataDirectoryWithRoomIsFineAndOneBelowTheLeastIsNot() {
    DiskProbe probe = new DiskProbe();
    probe.dataDir = Optional.of(data.toString());
    probe.minFreeMb = 1;
    assertThat(probe.problem()).isEmpty();
    assertThat(probe.free()).matches("\\d+\\.\\d GiB free");
    probe.minFreeMb = Long.MAX_VALUE / (1024 * 1024);
    assertThat(probe.problem()).contains("little free disk space in the data directory");
  }

  @Test
  void withoutADataDirectoryThereIsNothingToCheck() {
    DiskProbe probe = new DiskProbe();
    probe.dataDir = Optional.empty();
    probe.minFreeMb = 256;
    assertThat(probe.problem()).isEmpty();
    assertThat(probe.free()).isEqualTo("no data directory set");
  }
}
