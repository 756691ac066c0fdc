package io.phoenix.cli;

import picocli.CommandLine;

/** Subcommands written by other features of the cli, registered in one place. */
final class Subcommands {

  private Subcommands() {}

  static void register(CommandLine cli) {
    // Inventory and planning commands (issue #3) are registered here once they exist.
  }
}
