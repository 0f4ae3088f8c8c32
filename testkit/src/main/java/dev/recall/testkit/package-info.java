/** Real Redis servers for Recall's tests, examples and benchmarks. */
@NullMarked
package dev.recall.testkit;

import org.jspecify.annotations.NullMarked;
