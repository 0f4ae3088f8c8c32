/**
 * JMH benchmarks of Recall's hot paths, each beside its baseline (a raw command of the same driver on the same
 * server in the same run), the peers (Redisson, Spring Data Redis), the virtual-thread
 * {@link dev.recall.jmh.LoadHarness} and the {@link dev.recall.jmh.Chart} drawn from their results. Build and
 * run a named subset with {@code jmh/run.sh <all|hashing|cache|eviction|peers|streams|load>}, or run the jar:
 * {@code java -jar jmh/target/recall-benchmarks.jar <regex>}. Two benchmarks measure internals directly: key hashing
 * calls the engine's own {@code KeyHasher} (public in its internal package for this use alone) and the metrics
 * recorder benchmark micrometer's {@code CacheMeters}; the examples module's {@code ArchitectureTest} allows these two
 * uses by name and no other internal class here.
 */
@NullMarked
package dev.recall.jmh;

import org.jspecify.annotations.NullMarked;
