package io.phoenix.cli.commands;

import io.phoenix.common.contract.BuildRequest;
import picocli.CommandLine.Command;

/** {@code phoenix create <ids...>}: build guests (and what they depend on). */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Create guests (dependencies are pulled in) and follow the build.")
public final class CreateCommand extends BuildRequestCommand {

  @Override
  String action() {
    return BuildRequest.CREATE;
  }
}
