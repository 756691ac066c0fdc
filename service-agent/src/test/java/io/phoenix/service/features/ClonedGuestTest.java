package io.phoenix.service.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.phoenix.common.contract.StepSucceeded;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.service.support.RecordingContext;
import io.phoenix.service.support.SeedCommands;
import io.phoenix.service.support.SimulatedNode;
import io.phoenix.simulator.world.Guest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full clone carries what its source had applied: the same feature is already there. */
class ClonedGuestTest {

  @TempDir Path dir;

  @Test
  void aCloneOfATemplateWithBaseSetupNeedsNoSecondBaseSetup() throws Exception {
    SeedCommands seed = new SeedCommands();
    try (SimulatedNode node = new SimulatedNode(dir)) {
      FeatureHandler features =
          new FeatureHandler(node.channels, SeedCommands.JSON, FeatureProperties.defaults());
      node.boot(seed.guest(900));
      StepSucceeded template =
          (StepSucceeded)
              features.handle(
                  seed.feature(900, "base_setup", Map.of()),
                  new RecordingContext("900/feature/base_setup"));
      assertThat(template.outcome()).isEqualTo(Outcome.CREATED);

      Guest source = node.world().requireGuest(900);
      node.world()
          .cloneGuest(source, 103, "pve", Map.of("hostname", "Step-CA"))
          .markRunning(Instant.now());

      StepSucceeded clone =
          (StepSucceeded)
              features.handle(
                  seed.feature(103, "base_setup", Map.of()),
                  new RecordingContext("103/feature/base_setup"));
      assertThat(clone.outcome()).isEqualTo(Outcome.NOOP);
      assertThat(node.world().requireGuest(103).execLog())
          .noneMatch(r -> String.join(" ", r.argv()).contains("run.sh apply"));
    }
  }
}
