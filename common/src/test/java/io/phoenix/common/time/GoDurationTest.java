package io.phoenix.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

  @Test
  void readsGoDurationsAsStepCaDoes() {
    assertThat(GoDuration.parse("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void refusesWhatIsNotAGoDuration() {
    assertThatThrownBy(() -> GoDuration.parse("")).hasMessage("empty duration");
    assertThatThrownBy(() -> GoDuration.parse("1d")).hasMessage("invalid duration 1d");
    assertThatThrownBy(() -> GoDuration.parse("24 h")).hasMessage("invalid duration 24 h");
  }
}
