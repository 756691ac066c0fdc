package io.phoenix.simulator.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreconditionsTest {

  @Test
  void aMachineWithoutRootOrLxcGetsOneLineNamingWhatIsMissingAndHowToInstallIt() {
    assertThat(
            Preconditions.describe(
                false, List.of("lxc-start", "debootstrap"), List.of("lxc", "debootstrap")))
        .hasValue(
            "the lab needs root (run it as root or with sudo) and lxc-start, debootstrap"
                + " (apt-get install lxc debootstrap)");
    assertThat(Preconditions.describe(true, List.of("nft"), List.of("nftables")))
        .hasValue("the lab needs nft (apt-get install nftables)");
  }

  @Test
  void aMachineWithEverythingRunsTheLab() {
    assertThat(Preconditions.describe(true, List.of(), List.of())).isEmpty();
  }
}
