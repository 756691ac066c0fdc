package io.phoenix.cli.commands;

import io.phoenix.common.contract.BuildRequest;
import picocli.CommandLine.Command;

/** {@code phoenix destroy <ids...>}: remove guests, dependents first. */
@Command(
    name = "destroy",
    mixinStandardHelpOptions = true,
    description = "Destroy guests (dependents first) and follow the build.")
public final class DestroyCommand extends BuildRequestCommand {

  @Override
  String action() {
    return BuildRequest.DESTROY;
  }
}
