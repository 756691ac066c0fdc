package io.phoenix.common.inventory.phoenix;

import io.phoenix.common.inventory.CertificateSpec;
import io.phoenix.common.inventory.CloudInit;
import io.phoenix.common.inventory.ExposedService;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.GuestKind;
import io.phoenix.common.inventory.HealthCheck;
import io.phoenix.common.inventory.MountPoint;
import io.phoenix.common.inventory.NetworkInterface;
import io.phoenix.common.inventory.PortainerRole;
import io.phoenix.common.inventory.Source;
import io.phoenix.common.inventory.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A guest being assembled from an original config, with where each part came from. */
final class GuestDraft {
  int id;
  GuestKind kind;
  String name;
  String node;
  boolean template;
  Source source;
  Integer cores;
  Integer memory;
  Integer swap;
  Integer disk;
  String storage;
  final List<NetworkInterface> network = new ArrayList<>();
  String nameserver;
  Boolean onboot;
  Integer startupOrder;
  Integer startupDelay;
  Boolean unprivileged;
  final Map<String, Boolean> lxcFeatures = new LinkedHashMap<>();
  final List<String> rawLxcOptions = new ArrayList<>();
  final List<String> features = new ArrayList<>();
  final List<Integer> dependsOn = new ArrayList<>();
  final List<String> snapshots = new ArrayList<>();
  final List<MountPoint> mounts = new ArrayList<>();
  final List<Volume> volumes = new ArrayList<>();
  final List<CertificateSpec> certificates = new ArrayList<>();
  final List<ExposedService> services = new ArrayList<>();
  PortainerRole portainer = PortainerRole.NONE;
  final List<String> stacks = new ArrayList<>();
  HealthCheck healthCheck;
  Boolean guestAgent;
  CloudInit cloudInit;
  String description;

  /** The original file and object this guest came from. */
  final OriginalFile file;

  final String originPath;

  /** Native key (relative to the guest, e.g. {@code source.clone}) to original JSON path. */
  final Map<String, String> links = new LinkedHashMap<>();

  /** Whether the original asked for lifecycle snapshots (dropped again for templates). */
  boolean lifecycleSnapshots;

  GuestDraft(OriginalFile file, String originPath) {
    this.file = file;
    this.originPath = originPath;
  }

  Guest build() {
    return new Guest(
        id,
        kind,
        name,
        node,
        template,
        source,
        cores,
        memory,
        swap,
        disk,
        storage,
        network,
        nameserver,
        onboot,
        startupOrder,
        startupDelay,
        unprivileged,
        lxcFeatures,
        rawLxcOptions,
        features,
        dependsOn,
        snapshots,
        mounts,
        volumes,
        certificates,
        services,
        portainer,
        stacks,
        healthCheck,
        guestAgent,
        cloudInit,
        description);
  }
}
