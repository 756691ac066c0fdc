package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.contract.Envelopes;
import io.phoenix.common.contract.StepCommand;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.Node;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one proxmox command asks, read from its {@code params}: the guest's wanted config and the
 * node (with its storage ids) it lives on.
 *
 * @param command the command as delivered
 * @param guest the guest's inventory entry ({@code params.guest})
 * @param node the node ({@code params.node}: an object with storage ids, or just its name)
 * @param diskStorage where the guest's disks go
 * @param buildId the build the command belongs to (from the envelope)
 */
record GuestRequest(
    StepCommand command, Guest guest, Node node, String diskStorage, String buildId) {

  /**
   * Reads inventory JSON leniently: a guest written by hand may leave out {@code template}, which
   * the contract mapper (Jackson 3 fails on null primitives) would refuse.
   */
  static final JsonMapper GUESTS =
      Envelopes.json()
          .rebuild()
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  int vmid() {
    return guest.id();
  }

  String kindName() {
    return guest.isLxc() ? "CT" : "VM";
  }

  /** Reads the command; fails with {@link InvalidCommand} naming what is missing or wrong. */
  static GuestRequest of(StepCommand command, String buildId, String defaultStorage) {
    JsonNode params = command.params();
    if (params == null || !params.path("guest").isObject()) {
      throw new InvalidCommand(
          "command for guest "
              + command.guest()
              + " has no params.guest (the guest's inventory entry); the planner must send it");
    }
    Guest guest;
    try {
      guest = GUESTS.treeToValue(params.get("guest"), Guest.class);
    } catch (JacksonException e) {
      throw new InvalidCommand("params.guest is not a valid guest: " + e.getOriginalMessage());
    }
    if (guest.id() != command.guest()) {
      throw new InvalidCommand(
          "params.guest.id " + guest.id() + " differs from the command's guest " + command.guest());
    }
    if (guest.kind() == null) {
      throw new InvalidCommand("params.guest.kind is missing; it must be lxc or vm");
    }
    Node node = node(params.path("node"), guest);
    String storage =
        firstNonBlank(guest.storage(), node.diskStorage(), defaultStorage, "local-lvm");
    return new GuestRequest(command, guest, node, storage, buildId);
  }

  private static Node node(JsonNode value, Guest guest) {
    if (value.isObject()) {
      try {
        Node node = GUESTS.treeToValue(value, Node.class);
        if (node.name() != null && !node.name().isBlank()) {
          return node;
        }
      } catch (JacksonException e) {
        throw new InvalidCommand("params.node is not a valid node: " + e.getOriginalMessage());
      }
    }
    String name = value.isString() ? value.asString() : guest.node();
    if (name == null || name.isBlank()) {
      throw new InvalidCommand(
          "no node for guest " + guest.id() + ": set params.node or the guest's node");
    }
    return new Node(name, null, null, null);
  }

  static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  /** The command cannot be served as it is; the planner or inventory must change. */
  static final class InvalidCommand extends RuntimeException {
    InvalidCommand(String message) {
      super(message);
    }
  }
}
