package io.phoenix.simulator.world;

/**
 * A volume on a storage, as {@code storage/{storage}/content} lists it.
 *
 * @param volid e.g. {@code local:vztmpl/ubuntu-24.04-standard_24.04-2_amd64.tar.zst}
 * @param content {@code vztmpl}, {@code iso}, {@code import}, {@code images} or {@code rootdir}
 * @param format e.g. {@code tzst}, {@code iso}, {@code qcow2}, {@code raw}
 * @param size size in bytes
 */
public record Volume(String volid, String content, String format, long size) {

  /** The storage id part of the volid ({@code local} in {@code local:vztmpl/x}). */
  public String storage() {
    return volid.substring(0, volid.indexOf(':'));
  }
}
