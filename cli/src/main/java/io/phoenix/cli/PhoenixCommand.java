package io.phoenix.cli;

import io.phoenix.cli.client.CliException;
import io.phoenix.cli.commands.CancelCommand;
import io.phoenix.cli.commands.CreateCommand;
import io.phoenix.cli.commands.DemoCommand;
import io.phoenix.cli.commands.DestroyCommand;
import io.phoenix.cli.commands.RunCommand;
import io.phoenix.cli.commands.SimCommand;
import io.phoenix.cli.commands.StatusCommand;
import io.phoenix.cli.commands.UpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code phoenix}: the root command; every subcommand is one feature of the cli. */
@Command(
    name = "phoenix",
    mixinStandardHelpOptions = true,
    versionProvider = PhoenixCommand.Version.class,
    description =
        "Provision a Proxmox VE host — guests, internal PKI and services — from one inventory.",
    subcommands = {
      UpCommand.class,
      DemoCommand.class,
      RunCommand.class,
      SimCommand.class,
      CreateCommand.class,
      DestroyCommand.class,
      StatusCommand.class,
      CancelCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PhoenixCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line with Phoenix's error handling: one clear line and exit 1, no traces. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new PhoenixCommand());
    Subcommands.register(cli);
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          if (exception instanceof CliException) {
            commandLine.getErr().println("phoenix: " + exception.getMessage());
          } else {
            commandLine
                .getErr()
                .println(
                    "phoenix: "
                        + exception.getClass().getSimpleName()
                        + ": "
                        + exception.getMessage()
                        + " (details in the log file)");
            org.slf4j.LoggerFactory.getLogger(PhoenixCommand.class)
                .error("command failed", exception);
          }
          return 1;
        });
    return cli;
  }

  /** The version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = PhoenixCommand.class.getPackage().getImplementationVersion();
      return new String[] {"phoenix " + (v == null ? "dev" : v)};
    }
  }
}
