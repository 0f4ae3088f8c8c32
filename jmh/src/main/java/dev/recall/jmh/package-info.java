/**
 * JMH benchmarks of Recall's hot paths, each beside its baseline (a raw command of the same driver on the same
 * server in the same run). Build with {@code ./mvnw -q -B package -DskipTests -pl jmh -am} and run with
 * {@code java -jar jmh/target/recall-benchmarks.jar <regex>}.
 */
@NullMarked
package dev.recall.jmh;

import org.jspecify.annotations.NullMarked;
