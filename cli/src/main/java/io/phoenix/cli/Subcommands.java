package io.phoenix.cli;

import io.phoenix.cli.inventory.BenchPlanCommand;
import io.phoenix.cli.inventory.ImportCommand;
import io.phoenix.cli.inventory.PlanCommand;
import io.phoenix.cli.inventory.ValidateCommand;
import io.phoenix.cli.lab.LabCommand;
import io.phoenix.cli.replay.ExportCommand;
import io.phoenix.cli.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Subcommands written by other features of the cli, registered in one place. */
final class Subcommands {

  private Subcommands() {}

  static void register(CommandLine cli) {
    cli.addSubcommand(new PlanCommand());
    cli.addSubcommand(new ImportCommand());
    cli.addSubcommand(new ValidateCommand());
    cli.addSubcommand(new ReplayCommand());
    cli.addSubcommand(new ExportCommand());
    cli.addSubcommand(new LabCommand());
    CommandLine bench = new CommandLine(new Bench());
    bench.addSubcommand(new BenchPlanCommand());
    cli.addSubcommand("bench", bench);
  }

  /** {@code phoenix bench <what>}: benchmarks, never run as unit tests. */
  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = "Benchmarks: 'bench plan' times planning a generated 10,000-guest inventory.")
  static final class Bench implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }
}
