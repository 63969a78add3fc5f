/**
 * Pages of render_js sources rendered in headless Chromium ({@link io.knowledgehub.crawler.render.ChromiumRenderer},
 * one process per page, bounded in number and time), which reaches the network only through
 * {@link io.knowledgehub.crawler.render.GuardedProxy}: every request and tunnel is checked with the crawler's
 * address guard and connected only to the checked address. See docs/pdf-and-js.md.
 */
package io.knowledgehub.crawler.render;
