/**
 * Test support shared by the modules' tests and the benchmarks. Entry point:
 * {@link io.knowledgehub.testkit.FixtureSiteServer#serve}, a static documentation site on loopback with
 * conditional GET, custom routes and a request log; {@link io.knowledgehub.testkit.RedisServerProcess#start}, a real
 * redis-server on loopback. No dependencies beyond the JDK.
 */
package io.knowledgehub.testkit;
