package dev.channels.spring;

/**
 * Another element type for tests.
 *
 * @param amount the amount
 */
public record Payment(long amount) {
}
