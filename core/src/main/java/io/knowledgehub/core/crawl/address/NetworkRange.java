package io.knowledgehub.core.crawl.address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A network in CIDR notation ({@code 10.20.0.0/16}, {@code fd00::/8}, {@code 127.0.0.1/32}). A bare address is read
 * as a single-address network. IPv4 ranges contain only IPv4 addresses and IPv6 ranges only IPv6 ones; the
 * {@link AddressPolicy} maps IPv4-mapped IPv6 addresses to IPv4 before asking.
 *
 * @param address the network's first address (host bits cleared)
 * @param prefix  the number of leading bits that must match
 */
public record NetworkRange(InetAddress address, int prefix) {

    public NetworkRange {
        int bits = address.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix /" + prefix + " is out of range for " + address.getHostAddress());
        }
        address = masked(address, prefix);
    }

    /**
     * Parses {@code a.b.c.d/n} or {@code ipv6/n} (or a bare address). Only numeric addresses are accepted, never host
     * names, and IPv4 only in its plain dotted form: a range is a deliberate opening of the network, it must read as
     * what it is.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong
     */
    public static NetworkRange parse(CharSequence text) {
        String s = text.toString().strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        InetAddress address = numeric(addr);
        if (address == null) {
            throw new IllegalArgumentException("'" + s + "' is not a network in CIDR notation such as 10.20.0.0/16, "
                    + "127.0.0.1/32 or fd00::/8");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(p) > bits) {
                throw new IllegalArgumentException("'" + s + "' has no valid prefix length: write /0 to /" + bits
                        + " after the address, e.g. 10.20.0.0/16");
            }
            prefix = Integer.parseInt(p);
        }
        return new NetworkRange(address, prefix);
    }

    public boolean contains(InetAddress candidate) {
        byte[] net = address.getAddress();
        byte[] other = candidate.getAddress();
        if (net.length != other.length) {
            return false;
        }
        return Arrays.equals(masked(other, prefix), net);
    }

    /** Whether this range names exactly one address (/32 or /128). */
    public boolean isSingleAddress() {
        return prefix == address.getAddress().length * 8;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefix;
    }

    /** A plain dotted-quad IPv4 or an IPv6 literal, without any lookup; null otherwise. */
    private static InetAddress numeric(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            String v6 = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
            if (v6.indexOf('%') >= 0 || !v6.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return null;
            }
            try {
                // a literal with a colon is parsed, never looked up
                return InetAddress.getByName(v6.indexOf(':') >= 0 ? "[" + v6 + "]" : v6);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            bytes[i] = (byte) v;
        }
        return byAddress(bytes);
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        return byAddress(masked(address.getAddress(), prefix));
    }

    private static byte[] masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
        }
        return out;
    }

    static InetAddress byAddress(byte[] bytes) {
        try {
            InetAddress a = InetAddress.getByAddress(bytes);
            // getByAddress turns IPv4-mapped IPv6 bytes into an Inet4Address; a range keeps the family it was written in
            if (bytes.length == 16 && a instanceof Inet4Address) {
                return Inet6Address.getByAddress(null, bytes, -1);
            }
            return a;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address of 4 or 16 bytes", e);
        }
    }
}
