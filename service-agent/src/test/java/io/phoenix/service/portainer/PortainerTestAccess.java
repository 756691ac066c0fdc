package io.phoenix.service.portainer;

import io.phoenix.common.agent.StepHandler;
import java.nio.file.Path;
import tools.jackson.databind.json.JsonMapper;

/** Builds the Portainer handlers for tests of other packages (their constructors are Spring's). */
public final class PortainerTestAccess {

  private PortainerTestAccess() {}

  /** The {@code portainer} and {@code stack} handlers for a Portainer with this certificate. */
  public static StepHandler[] handlers(String fingerprint, Path secrets, JsonMapper json) {
    PortainerAccess access =
        new PortainerAccess(
            new PortainerProperties(null, fingerprint, null, false, secrets, null), json);
    return new StepHandler[] {new PortainerHandler(access, json), new StackHandler(access, json)};
  }
}
