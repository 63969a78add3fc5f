package io.knowledgehub.core.crawl.address;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks up the addresses of a host name (never of an address literal: {@link HostLiteral} reads those).
 * {@link #SYSTEM} asks the operating system's resolver; tests substitute a fixed table, since they may not depend
 * on DNS.
 */
@FunctionalInterface
public interface HostResolver {

    HostResolver SYSTEM = name -> List.of(InetAddress.getAllByName(name));

    /**
     * @param name an ASCII host name without a trailing dot
     * @return at least one address
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> lookup(String name) throws UnknownHostException;
}
