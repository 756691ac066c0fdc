package io.phoenix.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Entry point of {@code bin/phoenix}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // Several Spring Boot services may share this JVM: logging is configured once, by the cli's
    // logback.xml, not re-initialised by each application.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    if (args.length > 0 && (args[0].equals("run") || args[0].equals("sim"))) {
      // One service (or the simulator) owns this process: its log is the console.
      System.setProperty("logback.configurationFile", "logback-console.xml");
    }
    // Tomcat and others log through java.util.logging: route it to the same place.
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(PhoenixCommand.commandLine().execute(args));
  }
}
