package io.knowledgehub.crawler.testing;

import io.knowledgehub.core.crawl.address.AddressGuard;
import io.knowledgehub.core.crawl.address.AddressPolicy;
import io.knowledgehub.core.crawl.address.HostResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * Address guards for tests. They open exactly 127.0.0.1/32 (the fixture sites), as a deployment that crawls a
 * local site would, and resolve names from a fixed table instead of DNS: no test may send a query to a DNS server,
 * and a name that is not in the table does not resolve.
 */
public final class TestAddresses {

    private TestAddresses() {
    }

    /** 127.0.0.1/32 open, no names. */
    public static AddressGuard loopbackSite() {
        return withNames(Map.of());
    }

    /** 127.0.0.1/32 open, the given names resolving to the given addresses. */
    public static AddressGuard withNames(Map<String, List<String>> names) {
        return new AddressGuard(AddressPolicy.allowing("127.0.0.1/32"), table(names));
    }

    public static HostResolver table(Map<String, List<String>> names) {
        return name -> {
            List<String> addresses = names.get(name);
            if (addresses == null) {
                throw new UnknownHostException(name + " (not in the test's host table)");
            }
            return addresses.stream().map(TestAddresses::literal).toList();
        };
    }

    private static InetAddress literal(String address) {
        try {
            // numeric only: getByName parses a literal without a lookup
            return InetAddress.getByName(address.contains(":") ? "[" + address + "]" : address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }
}
