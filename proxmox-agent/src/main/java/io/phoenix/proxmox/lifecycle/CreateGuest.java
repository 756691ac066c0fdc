package io.phoenix.proxmox.lifecycle;

import io.phoenix.common.agent.StepContext;
import io.phoenix.common.contract.StepSucceeded.Outcome;
import io.phoenix.common.inventory.Guest;
import io.phoenix.common.inventory.Source;
import io.phoenix.proxmox.ProxmoxProperties;
import io.phoenix.proxmox.client.PveParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * {@code create}: an LXC container from an ostemplate, or a VM from a cloud image with {@code
 * import-from}, cloud-init, the guest agent and a serial console. Downloads the template or image
 * through the API when the storage lacks it. Idempotent on the vmid: a guest that exists is a noop
 * (configure converges its settings); one still being created is waited for, also when it is
 * another attempt's, whose "already exists" answer makes this step observe it instead of failing.
 */
@Component
class CreateGuest extends LifecycleStep {

  private final KeyedLocks locks;

  CreateGuest(GuestApi api, ProxmoxProperties properties, KeyedLocks locks) {
    super(api, properties);
    this.locks = locks;
  }

  @Override
  public Set<String> actions() {
    return actions("create");
  }

  @Override
  boolean createsTheGuest() {
    return true;
  }

  @Override
  Decision decide(GuestRequest request, Observation seen) {
    Guest guest = request.guest();
    if (seen.guest().isPresent()) {
      return existing(request, seen.guest().get(), seen.contested());
    }
    Source source = guest.source();
    if (guest.isLxc()) {
      if (source == null || source.ostemplate() == null || !source.ostemplate().contains(":")) {
        return new Decision.Refuse(
            refuse(
                "INVALID_COMMAND",
                "CT "
                    + guest.id()
                    + " has no source.ostemplate (a volume id like"
                    + " local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst)"));
      }
    } else if (source == null || source.image() == null) {
      return new Decision.Refuse(
          refuse(
              "INVALID_COMMAND",
              "VM "
                  + guest.id()
                  + " has no source.image (a cloud image file name such as"
                  + " noble-server-cloudimg-amd64.img)"));
    }
    Map<String, String> params =
        guest.isLxc()
            ? CreateParams.lxc(request, api.client().usesApiToken())
            : CreateParams.vm(request, imageStorage(request));
    List<String> changes = new ArrayList<>();
    changes.add(
        "create "
            + request.kindName()
            + " "
            + guest.id()
            + " on "
            + request.node().name()
            + " from "
            + (guest.isLxc() ? source.ostemplate() : imageVolume(request)));
    params.forEach((k, v) -> changes.add(k + ": " + ("sshkeys".equals(k) ? "(keys)" : v)));
    List<String> notApplied = WantedConfig.of(guest, api.client().usesApiToken()).notApplied();
    notApplied.forEach(n -> changes.add("not applied: " + n));
    return new Decision.Change(
        Outcome.CREATED, changes, context -> create(request, params, notApplied, context));
  }

  private Map<String, String> create(
      GuestRequest request,
      Map<String, String> params,
      List<String> notApplied,
      StepContext context) {
    String node = request.node().name();
    if (request.guest().isLxc()) {
      ensureTemplate(request, context);
      api.await(
          api.client().post("/nodes/" + node + "/lxc", PveParams.none().withAll(params)), context);
    } else {
      ensureImage(request, context);
      api.await(
          api.client().post("/nodes/" + node + "/qemu", PveParams.none().withAll(params)), context);
    }
    notApplied.forEach(n -> context.progress("not applied: " + n, null));
    api.awaitUnlocked(request.vmid(), context);
    return Map.of();
  }

  private void ensureTemplate(GuestRequest request, StepContext context) {
    Source source = request.guest().source();
    String volid = source.ostemplate();
    String storage = volid.substring(0, volid.indexOf(':'));
    String file = volid.substring(volid.lastIndexOf('/') + 1);
    String node = request.node().name();
    locks.with(
        "storage:" + node + "/" + storage,
        () -> {
          if (api.volumes(node, storage, "vztmpl").contains(volid)) {
            return null;
          }
          context.progress("downloading " + file + " to " + storage, null);
          if (source.imageUrl() != null) {
            api.await(
                api.client()
                    .post(
                        "/nodes/" + node + "/storage/" + storage + "/download-url",
                        PveParams.of("content", "vztmpl")
                            .with("filename", file)
                            .with("url", source.imageUrl())),
                context);
          } else {
            api.await(
                api.client()
                    .post(
                        "/nodes/" + node + "/aplinfo",
                        PveParams.of("storage", storage).with("template", file)),
                context);
          }
          return null;
        });
  }

  private void ensureImage(GuestRequest request, StepContext context) {
    Source source = request.guest().source();
    String storage = imageStorage(request);
    String node = request.node().name();
    String volid = imageVolume(request);
    locks.with(
        "storage:" + node + "/" + storage,
        () -> {
          if (api.volumes(node, storage, "import").contains(volid)) {
            return null;
          }
          if (source.imageUrl() == null) {
            throw new StepRefused(
                refuse(
                    "PVE_NOT_FOUND",
                    volid
                        + " is not on storage "
                        + storage
                        + " and source.imageUrl is not set; set it to the image's download"
                        + " address"));
          }
          context.progress("downloading " + source.image() + " to " + storage, null);
          api.await(
              api.client()
                  .post(
                      "/nodes/" + node + "/storage/" + storage + "/download-url",
                      PveParams.of("content", "import")
                          .with("filename", source.image())
                          .with("url", source.imageUrl())),
              context);
          return null;
        });
  }

  private String imageStorage(GuestRequest request) {
    return GuestRequest.firstNonBlank(request.node().imageStorage(), properties.imageStorage());
  }

  private String imageVolume(GuestRequest request) {
    return imageStorage(request) + ":import/" + request.guest().source().image();
  }
}
