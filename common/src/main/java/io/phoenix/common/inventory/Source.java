package io.phoenix.common.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a guest's disk comes from: exactly one of the three is set.
 *
 * @param ostemplate an LXC template volume, e.g. {@code
 *     local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst}
 * @param image a VM cloud image: file name on the image storage, e.g. {@code
 *     noble-server-cloudimg-amd64.img}
 * @param imageUrl where the image is downloaded from when the storage lacks it
 * @param cloneOf the guest (YAML key {@code clone}) (a template) this guest is a full clone of
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Source(
    String ostemplate, String image, String imageUrl, @JsonProperty("clone") Integer cloneOf) {

  public static Source cloneFrom(int guest) {
    return new Source(null, null, null, guest);
  }

  public boolean isClone() {
    return cloneOf != null;
  }
}
