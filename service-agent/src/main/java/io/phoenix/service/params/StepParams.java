package io.phoenix.service.params;

import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.inventory.Guest;
import io.phoenix.service.exec.GuestRef;
import io.phoenix.service.scripts.StepAbort;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of a service command every handler reads: the guest's inventory entry ({@code
 * params.guest}), its node ({@code params.node}), and typed access to the rest.
 */
public record StepParams(Guest guest, GuestRef ref, Settings params) {

  /** Reads {@code command}'s params; a missing or malformed guest is an invalid command. */
  public static StepParams of(StepCommand command, JsonMapper json) throws StepAbort {
    JsonNode params = command.params();
    if (params == null || params.path("guest").isMissingNode() || params.path("guest").isNull()) {
      throw StepAbort.invalid(
          "params.guest is missing: every service step carries the guest's inventory entry");
    }
    Guest guest;
    try {
      guest = json.treeToValue(params.path("guest"), Guest.class);
    } catch (JacksonException e) {
      throw StepAbort.invalid("params.guest is not a valid guest: " + e.getOriginalMessage());
    }
    if (guest.id() != command.guest()) {
      throw StepAbort.invalid(
          "params.guest is guest " + guest.id() + " but the command is for " + command.guest());
    }
    if (guest.kind() == null) {
      throw StepAbort.invalid("params.guest.kind is missing: lxc or vm");
    }
    Settings settings = new Settings("params", params);
    String node = settings.text("node", guest.node());
    if (node == null || node.isBlank()) {
      throw StepAbort.invalid("params.node is missing: the node the guest lives on");
    }
    return new StepParams(guest, new GuestRef(guest.id(), node, guest.kind()), settings);
  }
}
