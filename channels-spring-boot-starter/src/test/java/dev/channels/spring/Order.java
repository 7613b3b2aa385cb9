package dev.channels.spring;

/**
 * An element type for tests.
 *
 * @param id the order's id
 */
public record Order(String id) {
}
