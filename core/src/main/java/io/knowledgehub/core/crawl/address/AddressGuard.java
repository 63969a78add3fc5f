package io.knowledgehub.core.crawl.address;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a host the way the crawler connects to it and checks every address against the {@link AddressPolicy}:
 * the one place that decides whether a host may be fetched. The crawler's HTTP client connects only to the
 * addresses returned here (there is no second lookup, so a DNS answer that changes between the check and the
 * connection cannot slip through), and source registration asks the same question up front.
 *
 * <p>A host written as an address, in any of the forms browsers accept, is read by {@link HostLiteral} and never
 * looked up; a name is looked up with the {@link HostResolver}. When any address of a name is refused the whole
 * host is: a client that tries the next address on failure could otherwise be steered onto the refused one.
 *
 * <p>Thread-safe and stateless apart from the resolver.
 */
public final class AddressGuard {

    private final AddressPolicy policy;
    private final HostResolver resolver;

    public AddressGuard(AddressPolicy policy, HostResolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    /** The guard with the operating system's resolver. */
    public static AddressGuard of(AddressPolicy policy) {
        return new AddressGuard(policy, HostResolver.SYSTEM);
    }

    public AddressPolicy policy() {
        return policy;
    }

    /**
     * @return the addresses to connect to, all allowed, at least one
     * @throws DeniedAddressException when an address of the host is refused
     * @throws UnknownHostException   when the host does not resolve or is not a valid host
     */
    public List<InetAddress> resolve(String host) throws UnknownHostException, DeniedAddressException {
        List<InetAddress> addresses = switch (HostLiteral.parse(host)) {
            case HostLiteral.Address a -> List.of(a.address());
            case HostLiteral.Name n -> resolver.lookup(n.ascii());
        };
        if (addresses == null || addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        for (InetAddress address : addresses) {
            Optional<AddressPolicy.Denial> denial = policy.check(address);
            if (denial.isPresent()) {
                throw new DeniedAddressException(host, denial.get());
            }
        }
        return List.copyOf(addresses);
    }

    /**
     * The refusal for a URL's host, if any: empty when the host is allowed or cannot be resolved now (whether it ever
     * resolves is the fetch's business).
     */
    public Optional<DeniedAddressException> denial(URI url) {
        String host = url.getHost() != null ? url.getHost() : authorityHost(url.getRawAuthority());
        if (host == null) {
            return Optional.empty();
        }
        try {
            resolve(host);
            return Optional.empty();
        } catch (DeniedAddressException e) {
            return Optional.of(e);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The host of a raw authority that {@link URI} did not accept as a server name ({@code 127.1}, {@code 0x7f.0.0.1}). */
    static String authorityHost(String authority) {
        if (authority == null || authority.isEmpty()) {
            return null;
        }
        String a = authority.substring(authority.lastIndexOf('@') + 1);
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end < 0 ? null : a.substring(0, end + 1);
        }
        int colon = a.lastIndexOf(':');
        return colon < 0 ? a : a.substring(0, colon);
    }
}
