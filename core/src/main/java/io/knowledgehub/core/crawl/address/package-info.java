/**
 * Which hosts the crawler may connect to. {@link io.knowledgehub.core.crawl.address.AddressPolicy} classifies
 * addresses (loopback, private, link-local, metadata, ... refused unless an allowed network opens them),
 * {@link io.knowledgehub.core.crawl.address.HostLiteral} reads hosts written as addresses the way browsers do, and
 * {@link io.knowledgehub.core.crawl.address.AddressGuard} resolves a host and checks every address: the crawler's HTTP
 * client connects only to what it returns, and source registration asks it about base URLs.
 */
package io.knowledgehub.core.crawl.address;
