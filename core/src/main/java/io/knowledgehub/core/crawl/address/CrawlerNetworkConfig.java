package io.knowledgehub.core.crawl.address;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import org.eclipse.microprofile.config.spi.Converter;

import java.util.List;
import java.util.Optional;

/**
 * The networks the crawler may reach although they are special-use ({@code kh.crawler.*}; the crawler's other settings
 * are in the crawler module). Read by the api, which checks base URLs when sources are registered, and by every
 * process that crawls.
 */
@ConfigMapping(prefix = "kh.crawler")
public interface CrawlerNetworkConfig {

    /**
     * {@code KH_CRAWLER_ALLOWED_NETWORKS}: comma-separated networks in CIDR notation that the crawler may connect to
     * although they are loopback, private, link-local or otherwise special-use, e.g. {@code 127.0.0.0/8} for
     * documentation served on this machine or {@code 10.20.0.0/16} for an intranet wiki. Empty by default: the
     * crawler reaches public addresses only. An invalid entry stops the start with a message naming it.
     */
    Optional<List<@WithConverter(NetworkRangeConverter.class) NetworkRange>> allowedNetworks();

    /** Reads one entry of {@link #allowedNetworks()}, with a message that names the setting when it is wrong. */
    final class NetworkRangeConverter implements Converter<NetworkRange> {

        @Override
        public NetworkRange convert(String value) {
            try {
                return NetworkRange.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("kh.crawler.allowed-networks (KH_CRAWLER_ALLOWED_NETWORKS): "
                        + e.getMessage() + "; separate several networks with commas", e);
            }
        }
    }
}
