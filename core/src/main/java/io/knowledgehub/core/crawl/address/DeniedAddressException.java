package io.knowledgehub.core.crawl.address;

import java.io.IOException;
import java.net.InetAddress;

/**
 * A host resolved to an address the crawler refuses ({@link AddressPolicy}); nothing was sent to it. An
 * {@link IOException} so that it travels through HTTP clients unchanged, but never a transient failure: a retry
 * would only be refused again.
 */
public final class DeniedAddressException extends IOException {

    private final String host;
    private final transient AddressPolicy.Denial denial;

    public DeniedAddressException(String host, AddressPolicy.Denial denial) {
        super(host + " resolves to " + denial.address().getHostAddress() + ", " + denial.addressClass().description()
                + ": the crawler does not connect to it");
        this.host = host;
        this.denial = denial;
    }

    public String host() {
        return host;
    }

    public InetAddress address() {
        return denial.address();
    }

    public AddressClass addressClass() {
        return denial.addressClass();
    }

    /** The special-use range the address lies in, e.g. 127.0.0.0/8. */
    public NetworkRange range() {
        return denial.range();
    }

    /**
     * What an administrator would add to the allowed networks to reach this address: its special-use range (e.g.
     * 127.0.0.0/8), or the address alone for a cloud metadata address (only an exact entry opens one) and for
     * addresses refused as a whole family.
     */
    public String suggestedNetwork() {
        InetAddress a = denial.address();
        if (denial.addressClass() == AddressClass.CLOUD_METADATA || denial.range().prefix() == 0
                || a.getAddress().length != denial.range().address().getAddress().length) {
            return a.getHostAddress() + (a.getAddress().length == 4 ? "/32" : "/128");
        }
        return denial.range().toString();
    }
}
