package io.phoenix.simulator.portainer;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What the emulated Portainer keeps: its admin, sessions, environments and stacks. Thread-safe. */
final class PortainerState {

  private static final SecureRandom RANDOM = new SecureRandom();

  private String adminUser;
  private String adminPassword;
  private final Set<String> tokens = new HashSet<>();
  private final List<PortainerEmulator.Environment> environments = new ArrayList<>();
  private final List<PortainerEmulator.Stack> stacks = new ArrayList<>();
  private int nextEnvironment = 1;
  private int nextStack = 1;

  synchronized boolean hasAdmin() {
    return adminUser != null;
  }

  synchronized boolean initAdmin(String user, String password) {
    if (adminUser != null) {
      return false;
    }
    adminUser = user;
    adminPassword = password;
    return true;
  }

  synchronized Optional<String> login(String user, String password) {
    if (adminUser == null || !adminUser.equals(user) || !adminPassword.equals(password)) {
      return Optional.empty();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String token =
        b64.encodeToString(
                "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(
                ("{\"username\":\"" + user + "\",\"role\":1}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(bytes);
    tokens.add(token);
    return Optional.of(token);
  }

  synchronized boolean validToken(String token) {
    return token != null && tokens.contains(token);
  }

  synchronized List<PortainerEmulator.Environment> environments() {
    return List.copyOf(environments);
  }

  synchronized Optional<PortainerEmulator.Environment> environment(int id) {
    return environments.stream().filter(e -> e.id() == id).findFirst();
  }

  synchronized Optional<PortainerEmulator.Environment> addEnvironment(
      String name, int type, String url) {
    if (environments.stream().anyMatch(e -> e.name().equals(name))) {
      return Optional.empty();
    }
    PortainerEmulator.Environment created =
        new PortainerEmulator.Environment(nextEnvironment++, name, type, url);
    environments.add(created);
    return Optional.of(created);
  }

  synchronized Optional<PortainerEmulator.Environment> updateEnvironment(
      int id, String name, String url) {
    for (int i = 0; i < environments.size(); i++) {
      PortainerEmulator.Environment e = environments.get(i);
      if (e.id() == id) {
        PortainerEmulator.Environment updated =
            new PortainerEmulator.Environment(
                id, name == null ? e.name() : name, e.type(), url == null ? e.url() : url);
        environments.set(i, updated);
        return Optional.of(updated);
      }
    }
    return Optional.empty();
  }

  synchronized List<PortainerEmulator.Stack> stacks() {
    return List.copyOf(stacks);
  }

  synchronized Optional<PortainerEmulator.Stack> stack(int id) {
    return stacks.stream().filter(s -> s.id() == id).findFirst();
  }

  synchronized Optional<PortainerEmulator.Stack> addStack(
      String name, int endpointId, String compose, Map<String, String> env) {
    if (stacks.stream().anyMatch(s -> s.name().equals(name))) {
      return Optional.empty();
    }
    PortainerEmulator.Stack created =
        new PortainerEmulator.Stack(
            nextStack++, name, endpointId, compose, new LinkedHashMap<>(env), 1);
    stacks.add(created);
    return Optional.of(created);
  }

  synchronized Optional<PortainerEmulator.Stack> updateStack(
      int id, String compose, Map<String, String> env) {
    for (int i = 0; i < stacks.size(); i++) {
      PortainerEmulator.Stack s = stacks.get(i);
      if (s.id() == id) {
        PortainerEmulator.Stack updated =
            new PortainerEmulator.Stack(
                id, s.name(), s.endpointId(), compose, new LinkedHashMap<>(env), s.version() + 1);
        stacks.set(i, updated);
        return Optional.of(updated);
      }
    }
    return Optional.empty();
  }
}
