package io.phoenix.simulator.lab;

/**
 * An IPv4 prefix ({@code 172.16.100.0/24}): enough arithmetic to tell whether a route of this
 * machine already covers a lab network and whether an address lies in one.
 *
 * @param network the network address as an unsigned 32-bit number
 * @param prefix the prefix length, 0..32
 */
record Subnet(long network, int prefix) {

  /** Parses {@code a.b.c.d/n} (or a bare address, a /32); throws naming the bad text. */
  static Subnet parse(String cidr) {
    int slash = cidr.indexOf('/');
    int prefix;
    try {
      prefix = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an IPv4 prefix: " + cidr);
    }
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("not an IPv4 prefix: " + cidr);
    }
    long address = address(slash < 0 ? cidr : cidr.substring(0, slash));
    return new Subnet(address & mask(prefix), prefix);
  }

  /** An IPv4 address as an unsigned 32-bit number; throws naming the bad text. */
  static long address(String text) {
    String[] parts = text.trim().split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + text);
    }
    long value = 0;
    for (String part : parts) {
      int octet;
      try {
        octet = Integer.parseInt(part);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an IPv4 address: " + text);
      }
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + text);
      }
      value = value << 8 | octet;
    }
    return value;
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  /** Whether {@code address} lies in this prefix. */
  boolean contains(String address) {
    return (address(address) & mask(prefix)) == network;
  }

  /** Whether the two prefixes share an address. */
  boolean overlaps(Subnet other) {
    int shorter = Math.min(prefix, other.prefix);
    return (network & mask(shorter)) == (other.network & mask(shorter));
  }

  @Override
  public String toString() {
    return ((network >> 24) & 255)
        + "."
        + ((network >> 16) & 255)
        + "."
        + ((network >> 8) & 255)
        + "."
        + (network & 255)
        + "/"
        + prefix;
  }
}
