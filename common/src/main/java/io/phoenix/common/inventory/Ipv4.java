package io.phoenix.common.inventory;

/** IPv4 address arithmetic for subnet checks; IPv6 addresses are accepted but not checked. */
final class Ipv4 {

  private Ipv4() {}

  /** The address as an unsigned 32-bit value, or -1 when it is not dotted-quad IPv4. */
  static long parse(String address) {
    if (address == null) {
      return -1;
    }
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      return -1;
    }
    long value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return -1;
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        return -1;
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  static boolean isIpv6(String address) {
    return address != null && address.contains(":");
  }

  /** Whether {@code address} lies in {@code network/prefix}. */
  static boolean inSubnet(long address, long network, int prefix) {
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    return (address & mask) == (network & mask);
  }

  /** The prefix length of a CIDR string, or -1. */
  static int prefix(String cidr) {
    int slash = cidr == null ? -1 : cidr.indexOf('/');
    if (slash < 0) {
      return -1;
    }
    try {
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      return prefix >= 0 && prefix <= 32 ? prefix : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String address(String cidr) {
    int slash = cidr.indexOf('/');
    return slash < 0 ? cidr : cidr.substring(0, slash);
  }
}
