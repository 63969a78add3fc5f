/**
 * Test support shared by the modules' tests and the benchmarks. Entry point:
 * {@link io.knowledgehub.testkit.FixtureSiteServer#serve}, a static documentation site on loopback with
 * conditional GET, custom routes and a request log; {@link io.knowledgehub.testkit.RedisServerProcess#start}, a real
 * redis-server on loopback; {@link io.knowledgehub.testkit.AppProcess#builder}, a packaged KnowledgeHub app
 * ({@code java -jar .../quarkus-run.jar}) as a child process, waited for until healthy, stopped by SIGTERM or
 * SIGKILL. No dependencies beyond the JDK (and PDFBox for {@link io.knowledgehub.testkit.PdfFiles}).
 */
package io.knowledgehub.testkit;
