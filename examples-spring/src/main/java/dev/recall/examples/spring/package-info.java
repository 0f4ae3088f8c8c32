/** A Spring Boot application whose {@code @Cacheable} methods cache in Redis through Recall. */
@NullMarked
package dev.recall.examples.spring;

import org.jspecify.annotations.NullMarked;
