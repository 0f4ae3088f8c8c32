/**
 * Real Redis servers for tests (Recall's own and your application's), examples and benchmarks: no mocks and no
 * Docker. A {@link dev.recall.testkit.RedisServer} is a {@code redis-server} process on a free loopback port (the
 * {@code PATH}'s when it is Redis 6.2 or newer, else the binary shipped in {@code com.github.codemonstur:embedded-redis},
 * see {@link dev.recall.testkit.RedisBinaries}); a {@link dev.recall.testkit.RedisCluster} is several of them joined
 * into a Redis Cluster. The JUnit 5 {@link dev.recall.testkit.RedisServerExtension} hands them to test methods:
 *
 * <pre>{@code
 * @ExtendWith(RedisServerExtension.class)
 * class PriceCacheTest {
 *   @Test
 *   void secondCallIsAHit(RedisServer server) {          // emptied before each test
 *     try (RecallClient recall = Recall.connect(server.url())) { ... }
 *   }
 * }
 * }</pre>
 *
 * With Spring Boot, start a server in a static field and hand its URL to the application with
 * {@code @DynamicPropertySource} ({@code registry.add("recall.url", server::url)}). Add the artifact
 * {@code dev.recall:recall-testkit} in test scope.
 */
@NullMarked
package dev.recall.testkit;

import org.jspecify.annotations.NullMarked;
