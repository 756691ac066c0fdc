package io.phoenix.simulator.effects;

import io.phoenix.simulator.world.Guest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the simulated guest "runs": applied features, active units and listening ports, kept as
 * marker files under {@code /run/phoenix-sim/} in the guest's filesystem (so a clone carries them,
 * as a real disk copy carries installed, enabled services).
 */
final class SimState {

  static final String ROOT = "/run/phoenix-sim";

  private SimState() {}

  static void markFeature(Guest guest, String feature, String scriptDigest) {
    guest.files().write(ROOT + "/features/" + feature, utf8(scriptDigest));
  }

  static Optional<String> feature(Guest guest, String feature) {
    return guest
        .files()
        .read(ROOT + "/features/" + feature)
        .map(b -> new String(b, StandardCharsets.UTF_8));
  }

  static void activate(Guest guest, String unit) {
    guest.files().write(ROOT + "/units/" + unit, utf8("active"));
  }

  static boolean active(Guest guest, String unit) {
    return guest.files().exists(ROOT + "/units/" + unit);
  }

  static void listen(Guest guest, int port, String by) {
    guest.files().write(ROOT + "/ports/" + port, utf8(by));
  }

  static boolean listening(Guest guest, int port) {
    return guest.files().exists(ROOT + "/ports/" + port);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
