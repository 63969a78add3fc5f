package io.knowledgehub.core.crawl.address;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;

/** The process's {@link AddressGuard}: the configured allowed networks, the operating system's resolver. */
public class AddressGuardProducer {

    private static final Logger LOG = Logger.getLogger(AddressGuardProducer.class);

    @Produces
    @Singleton
    AddressGuard addressGuard(CrawlerNetworkConfig config) {
        List<NetworkRange> allowed = config.allowedNetworks().orElse(List.of());
        if (!allowed.isEmpty()) {
            LOG.infof("The crawler may connect to these special-use networks (kh.crawler.allowed-networks): %s", allowed);
        }
        return AddressGuard.of(new AddressPolicy(allowed));
    }
}
