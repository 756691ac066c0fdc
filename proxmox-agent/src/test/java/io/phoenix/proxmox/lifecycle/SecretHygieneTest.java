package io.phoenix.proxmox.lifecycle;

import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.COPY_BASE;
import static io.phoenix.proxmox.lifecycle.GuestLifecycleTest.cloneOf900;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.phoenix.common.inventory.Guest;
import io.phoenix.simulator.pve.FaultRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The API token secret appears in no event the agent emits and in no log line, even on errors. */
class SecretHygieneTest {

  @Test
  void theTokenSecretIsInNoEventAndNoLogLine() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    root.setLevel(Level.DEBUG);
    String secret;
    List<String> events;
    try (SimulatedProxmox pve =
        new SimulatedProxmox(UnaryOperator.identity(), UnaryOperator.identity())) {
      secret = pve.secret;
      SimulatedProxmox.Instance agent = pve.instance();
      Guest ca = cloneOf900(103, "step-ca", "10.0.0.10");
      agent.run("create", COPY_BASE);
      agent.run("template", COPY_BASE);
      pve.simulator.addFault(
          FaultRule.httpError("lxc.clone", 103, 1, 500, "Internal Server Error"));
      agent.run("clone", ca);
      pve.simulator.addFault(
          FaultRule.httpError("lxc.config.put", 103, 1, 403, "Permission check failed"));
      agent.run("configure", ca);
      pve.simulator.addFault(
          FaultRule.taskFailure("lxc.start", 103, 1, "startup for container failed"));
      agent.run("start", ca);
      agent.run("observe", ca);
      events = new ArrayList<>(pve.events);
    } finally {
      root.detachAppender(logs);
      root.setLevel(before);
    }
    assertThat(events).isNotEmpty().noneMatch(e -> e.contains(secret));
    assertThat(events).anyMatch(e -> e.contains("PVE_PERMISSION"));
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent e : logs.list) {
      lines.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        lines.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
      }
    }
    assertThat(lines).isNotEmpty().noneMatch(l -> l.contains(secret));
  }
}
