/** JMH benchmarks of Recall's hot paths, each beside its baseline (a raw command of the same driver). */
package dev.recall.jmh;
