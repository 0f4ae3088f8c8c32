package dev.recall.examples.spring;

/**
 * A price, cached as JSON typed by the method's declared return type.
 *
 * @param sku the article
 * @param cents the amount in cents
 */
public record Price(String sku, long cents) {}
