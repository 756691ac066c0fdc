package io.phoenix.cli.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DurationsTest {

  static final Instant ACCEPTED = Instant.parse("2026-11-26T09:00:00Z");

  @Test
  void readsShortFormsAndIso() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void refusesWhatIsNotADuration() {
    assertThat(Durations.parse("soon")).isNull();
    assertThat(Durations.parse("")).isNull();
    assertThat(Durations.parse("90")).isNull();
    assertThat(Durations.parse("PTX")).isNull();
  }

  @Test
  void aMomentIsAnInstantOrAnOffsetFromAcceptance() {
    assertThat(Durations.moment("+90s", ACCEPTED)).isEqualTo(ACCEPTED.plusSeconds(90));
    assertThat(Durations.moment("2026-11-26T09:05:00Z", ACCEPTED))
        .isEqualTo(ACCEPTED.plusSeconds(300));
    assertThat(Durations.moment("90s", ACCEPTED)).isNull();
    assertThat(Durations.moment("+later", ACCEPTED)).isNull();
  }

  @Test
  void formatsForAPerson() {
    assertThat(Durations.format(Duration.ofMillis(4200))).isEqualTo("4.2s");
    assertThat(Durations.format(Duration.ofSeconds(65))).isEqualTo("1m05s");
    assertThat(Durations.format(Duration.ofMinutes(62))).isEqualTo("1h02m");
    assertThat(Durations.offset(ACCEPTED, ACCEPTED.plusSeconds(42))).isEqualTo("+42.0s");
  }
}
