package io.knowledgehub.core.crawl.address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses the crawler may connect to: every address except the special-use ranges of {@link AddressClass}
 * (loopback, private, link-local, cloud metadata, shared/CGNAT, "this network", multicast, broadcast, reserved, and
 * their IPv6 counterparts), unless an allowed network ({@code kh.crawler.allowed-networks}) contains the address.
 * Pure: classifies addresses, never resolves a name (that is {@link AddressGuard}'s job).
 *
 * <p>IPv6 forms that carry an IPv4 address are judged by that address: IPv4-mapped {@code ::ffff:a.b.c.d} (the same
 * endpoint, so the allowed networks apply to its IPv4 form), and IPv4-compatible {@code ::a.b.c.d}, 6to4
 * {@code 2002:AABB:CCDD::/48} and NAT64 {@code 64:ff9b::a.b.c.d}, which are refused when their IPv4 address is (a
 * DNS64 resolver in an IPv6-only cluster answers public sites with NAT64 addresses, which stay reachable).
 *
 * <p>A cloud metadata address is opened only by an allowed network that names exactly that address: opening
 * 169.254.0.0/16 for a link-local appliance does not hand out the instance's credentials too.
 */
public final class AddressPolicy {

    /** Why an address is refused: its class and the special-use range it lies in. */
    public record Denial(InetAddress address, AddressClass addressClass, NetworkRange range) {
    }

    private static final List<Special> IPV4 = List.of(
            special("169.254.169.254/32", AddressClass.CLOUD_METADATA),
            special("100.100.100.200/32", AddressClass.CLOUD_METADATA),
            special("0.0.0.0/8", AddressClass.THIS_NETWORK),
            special("10.0.0.0/8", AddressClass.PRIVATE),
            special("100.64.0.0/10", AddressClass.SHARED),
            special("127.0.0.0/8", AddressClass.LOOPBACK),
            special("169.254.0.0/16", AddressClass.LINK_LOCAL),
            special("172.16.0.0/12", AddressClass.PRIVATE),
            special("192.0.0.0/24", AddressClass.RESERVED),
            special("192.0.2.0/24", AddressClass.RESERVED),
            special("192.88.99.0/24", AddressClass.RESERVED),
            special("192.168.0.0/16", AddressClass.PRIVATE),
            special("198.18.0.0/15", AddressClass.RESERVED),
            special("198.51.100.0/24", AddressClass.RESERVED),
            special("203.0.113.0/24", AddressClass.RESERVED),
            special("224.0.0.0/4", AddressClass.MULTICAST),
            special("255.255.255.255/32", AddressClass.BROADCAST),
            special("240.0.0.0/4", AddressClass.RESERVED));

    private static final List<Special> IPV6 = List.of(
            special("::/128", AddressClass.THIS_NETWORK),
            special("::1/128", AddressClass.LOOPBACK),
            special("fd00:ec2::254/128", AddressClass.CLOUD_METADATA),
            special("fc00::/7", AddressClass.PRIVATE),
            special("fe80::/10", AddressClass.LINK_LOCAL),
            special("fec0::/10", AddressClass.PRIVATE),
            special("ff00::/8", AddressClass.MULTICAST),
            // IETF protocol assignments (Teredo, benchmarking, ORCHID, ...) and documentation
            special("2001::/23", AddressClass.RESERVED),
            special("2001:db8::/32", AddressClass.RESERVED),
            special("3fff::/20", AddressClass.RESERVED));

    /** Global unicast: IPv6 outside it (and outside the IPv4-carrying forms) is not a public site. */
    private static final NetworkRange GLOBAL_UNICAST = NetworkRange.parse("2000::/3");
    private static final NetworkRange IPV4_COMPATIBLE = NetworkRange.parse("::/96");
    private static final NetworkRange NAT64 = NetworkRange.parse("64:ff9b::/96");
    private static final NetworkRange SIX_TO_FOUR = NetworkRange.parse("2002::/16");
    private static final NetworkRange IPV6_ALL = NetworkRange.parse("::/0");

    private static final AddressPolicy DENY_SPECIAL = new AddressPolicy(List.of());

    private final List<NetworkRange> allowed;

    public AddressPolicy(List<NetworkRange> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** The default: every special-use range refused. */
    public static AddressPolicy denySpecialUse() {
        return DENY_SPECIAL;
    }

    /** E.g. {@code allowing("127.0.0.1/32")}; mainly for tests and tools. */
    public static AddressPolicy allowing(String... networks) {
        return new AddressPolicy(Arrays.stream(networks).map(NetworkRange::parse).toList());
    }

    public List<NetworkRange> allowedNetworks() {
        return allowed;
    }

    /** Empty when the crawler may connect to {@code address}, else why not. */
    public Optional<Denial> check(InetAddress address) {
        InetAddress a = unmapped(address);
        Optional<Denial> denial = classify(a);
        if (denial.isEmpty()) {
            return denial;
        }
        for (NetworkRange range : allowed) {
            if (range.contains(a) && (denial.get().addressClass() != AddressClass.CLOUD_METADATA || range.isSingleAddress())) {
                return Optional.empty();
            }
        }
        return denial;
    }

    /**
     * The special-use class of an address, regardless of any allowed network; empty for an ordinary public address.
     */
    public static Optional<Denial> classify(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a instanceof Inet4Address) {
            return match(a, IPV4);
        }
        Optional<Denial> special = match(a, IPV6);
        if (special.isPresent()) {
            return special;
        }
        Inet4Address embedded = embeddedIpv4(a);
        if (embedded != null) {
            // the IPv4 address decides; a refused one is reported as what it is, reached through this IPv6 form
            return match(embedded, IPV4).map(d -> new Denial(address, d.addressClass(), d.range()));
        }
        if (!GLOBAL_UNICAST.contains(a)) {
            return Optional.of(new Denial(address, AddressClass.RESERVED, IPV6_ALL));
        }
        return Optional.empty();
    }

    /** IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) as the IPv4 address it is; any other address as it is. */
    static InetAddress unmapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (b[i] != 0) {
                    return address;
                }
            }
            if ((b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF) {
                return NetworkRange.byAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
        }
        return address;
    }

    /** The IPv4 address inside an IPv4-compatible, NAT64 or 6to4 address; null for other IPv6 addresses. */
    private static Inet4Address embeddedIpv4(InetAddress a) {
        if (!(a instanceof Inet6Address)) {
            return null;
        }
        byte[] b = a.getAddress();
        if (IPV4_COMPATIBLE.contains(a) || NAT64.contains(a)) {
            return (Inet4Address) NetworkRange.byAddress(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (SIX_TO_FOUR.contains(a)) {
            return (Inet4Address) NetworkRange.byAddress(new byte[] {b[2], b[3], b[4], b[5]});
        }
        return null;
    }

    private static Optional<Denial> match(InetAddress a, List<Special> table) {
        for (Special s : table) {
            if (s.range().contains(a)) {
                return Optional.of(new Denial(a, s.addressClass(), s.range()));
            }
        }
        return Optional.empty();
    }

    private record Special(NetworkRange range, AddressClass addressClass) {
    }

    private static Special special(String cidr, AddressClass addressClass) {
        return new Special(NetworkRange.parse(cidr), addressClass);
    }
}
