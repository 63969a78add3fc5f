package io.knowledgehub.core.crawl.address;

/**
 * The special-use address ranges the crawler refuses to connect to unless {@code kh.crawler.allowed-networks} opens
 * them, each with the words used to name it in a message ("127.0.0.2, a loopback address").
 */
public enum AddressClass {

    LOOPBACK("a loopback address"),
    /** RFC 1918 (10/8, 172.16/12, 192.168/16), IPv6 unique-local fc00::/7 and the old site-local fec0::/10. */
    PRIVATE("a private network address"),
    LINK_LOCAL("a link-local address"),
    /** The instance metadata services of cloud providers (169.254.169.254 and friends). */
    CLOUD_METADATA("a cloud metadata service address"),
    /** RFC 6598 shared address space 100.64/10, used by carrier-grade NAT and some overlay networks. */
    SHARED("a shared (carrier-grade NAT) address"),
    /** 0.0.0.0/8 and the IPv6 unspecified address ::, which reach the local machine on common systems. */
    THIS_NETWORK("a 'this network' address"),
    MULTICAST("a multicast address"),
    BROADCAST("the broadcast address"),
    /** Documentation, benchmarking, protocol-assignment, future-use and other ranges that no public site uses. */
    RESERVED("a reserved address");

    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    /** E.g. "a loopback address". */
    public String description() {
        return description;
    }
}
