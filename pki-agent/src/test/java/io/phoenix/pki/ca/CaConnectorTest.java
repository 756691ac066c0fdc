package io.phoenix.pki.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaConnectorTest {

  @Test
  void thePlansAddressIsUsedUnlessTheOverrideReplacesIt() {
    CaConnector plain = new CaConnector(null, Duration.ofSeconds(5));
    CaConnector simulated =
        new CaConnector(URI.create("https://127.0.0.1:9443"), Duration.ofSeconds(5));

    assertThat(plain.resolve("https://10.0.0.103:9000"))
        .isEqualTo(URI.create("https://10.0.0.103:9000"));
    assertThat(simulated.resolve("https://10.0.0.103:9000"))
        .isEqualTo(URI.create("https://127.0.0.1:9443"));
  }

  @Test
  void aMissingOrPlainHttpCaUrlIsAnInvalidCommandThatSaysWhatIsExpected() {
    CaConnector connector = new CaConnector(null, Duration.ofSeconds(5));

    assertThatThrownBy(() -> connector.resolve(null))
        .hasMessageContaining("params.caUrl is missing");
    assertThatThrownBy(() -> connector.resolve("http://10.0.0.103:9000"))
        .hasMessageContaining("must be an https URL");
  }
}
