package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One guest: an LXC container or a QEMU VM, its Proxmox config and what runs inside it.
 *
 * <p>Numbers use Proxmox units: memory and swap in MiB, disk in GiB.
 *
 * @param id the vmid
 * @param kind lxc or vm
 * @param name hostname (LXC) or VM name
 * @param node the Proxmox node it lives on
 * @param template whether it ends as a template other guests are cloned from
 * @param source where its disk comes from (ostemplate, cloud image, or a clone source)
 * @param cores CPU cores
 * @param memory memory in MiB
 * @param swap swap in MiB (LXC)
 * @param disk root disk size in GiB
 * @param storage disk storage id; null for the node's {@code diskStorage}
 * @param network interfaces in order (net0, net1, ...)
 * @param nameserver DNS server; null for the network's
 * @param onboot start when the node boots
 * @param startupOrder boot order
 * @param startupDelay seconds to wait after starting it at boot
 * @param unprivileged LXC: unprivileged container (default true)
 * @param lxcFeatures LXC feature flags, e.g. {@code nesting: true}
 * @param rawLxcOptions raw {@code lxc.*} lines kept from the original config and applied as they
 *     are
 * @param features features applied inside the guest, in order
 * @param dependsOn guests whose configuration must be complete before this guest's is configured
 * @param snapshots lifecycle snapshots to take, e.g. {@code pre-configured}, {@code final-form}
 * @param mounts host paths bind-mounted into a container
 * @param volumes network volumes mounted inside a VM
 * @param certificates TLS certificates the guest holds
 * @param services services it exposes through the gateway/mesh
 * @param portainer its Portainer role
 * @param stacks Docker stacks (names from {@link Inventory#stacks()}) deployed on it
 * @param healthCheck how to tell it works
 * @param guestAgent VM: whether the QEMU guest agent is enabled and installed (default true)
 * @param cloudInit VM: cloud-init user and keys
 * @param description free text
 * @param applyPending what to do with changes a running guest only takes at its next start: report
 *     them (null, the default) or restart it to apply them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Guest(
    int id,
    GuestKind kind,
    String name,
    String node,
    boolean template,
    Source source,
    Integer cores,
    Integer memory,
    Integer swap,
    Integer disk,
    String storage,
    List<NetworkInterface> network,
    String nameserver,
    Boolean onboot,
    Integer startupOrder,
    Integer startupDelay,
    Boolean unprivileged,
    Map<String, Boolean> lxcFeatures,
    List<String> rawLxcOptions,
    List<String> features,
    List<Integer> dependsOn,
    List<String> snapshots,
    List<MountPoint> mounts,
    List<Volume> volumes,
    List<CertificateSpec> certificates,
    List<ExposedService> services,
    PortainerRole portainer,
    List<String> stacks,
    HealthCheck healthCheck,
    Boolean guestAgent,
    CloudInit cloudInit,
    String description,
    ApplyPending applyPending) {

  public Guest {
    network = copy(network);
    lxcFeatures = lxcFeatures == null ? Map.of() : Map.copyOf(lxcFeatures);
    rawLxcOptions = copy(rawLxcOptions);
    features = copy(features);
    dependsOn = copy(dependsOn);
    snapshots = copy(snapshots);
    mounts = copy(mounts);
    volumes = copy(volumes);
    certificates = copy(certificates);
    services = copy(services);
    stacks = copy(stacks);
    portainer = portainer == null ? PortainerRole.NONE : portainer;
  }

  /** A guest whose pending changes are reported, not applied by a restart. */
  public Guest(
      int id,
      GuestKind kind,
      String name,
      String node,
      boolean template,
      Source source,
      Integer cores,
      Integer memory,
      Integer swap,
      Integer disk,
      String storage,
      List<NetworkInterface> network,
      String nameserver,
      Boolean onboot,
      Integer startupOrder,
      Integer startupDelay,
      Boolean unprivileged,
      Map<String, Boolean> lxcFeatures,
      List<String> rawLxcOptions,
      List<String> features,
      List<Integer> dependsOn,
      List<String> snapshots,
      List<MountPoint> mounts,
      List<Volume> volumes,
      List<CertificateSpec> certificates,
      List<ExposedService> services,
      PortainerRole portainer,
      List<String> stacks,
      HealthCheck healthCheck,
      Boolean guestAgent,
      CloudInit cloudInit,
      String description) {
    this(
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
        description,
        null);
  }

  /** Whether its start step restarts it to apply pending changes ({@code applyPending: reboot}). */
  public boolean restartsForPendingChanges() {
    return applyPending == ApplyPending.REBOOT;
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  @JsonIgnore // derived from kind/ip, not a field of the format
  public boolean isLxc() {
    return kind == GuestKind.LXC;
  }

  @JsonIgnore // derived from kind/ip, not a field of the format
  public boolean isVm() {
    return kind == GuestKind.VM;
  }

  /** VM: whether the QEMU guest agent is expected to answer (default true). */
  public boolean hasGuestAgent() {
    return guestAgent == null || guestAgent;
  }

  /** The first interface's static address without prefix, or null (DHCP or no interface). */
  public String primaryAddress() {
    return network.isEmpty() ? null : network.get(0).address();
  }
}
