package io.knowledgehub.crawler.fetch;

import io.knowledgehub.core.crawl.address.DeniedAddressException;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hosts one crawl was refused (their address is special-use and not allowed): each is logged once, however many
 * of its URLs the crawl meets. Thread-safe: every fetch of the crawl reports here.
 */
public final class DeniedHosts {

    private static final Logger LOG = Logger.getLogger(DeniedHosts.class);

    private final Set<String> hosts = ConcurrentHashMap.newKeySet();

    public void report(String url, DeniedAddressException e) {
        if (hosts.add(e.host().toLowerCase(Locale.ROOT))) {
            LOG.warnf("%s resolves to %s, %s: the crawler fetches nothing from it (first refused: %s). To crawl it, "
                            + "add its network to KH_CRAWLER_ALLOWED_NETWORKS (kh.crawler.allowed-networks), e.g. %s.",
                    e.host(), e.address().getHostAddress(), e.addressClass().description(), url, e.suggestedNetwork());
        }
    }

    /** How many hosts were refused so far. */
    public int count() {
        return hosts.size();
    }
}
