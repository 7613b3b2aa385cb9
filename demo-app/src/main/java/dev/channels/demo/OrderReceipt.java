package dev.channels.demo;

/**
 * The answer to an accepted order.
 *
 * @param id the order's id
 * @param totalCents what it costs
 * @param status always {@code accepted}: validation and payment follow asynchronously
 */
public record OrderReceipt(long id, long totalCents, String status) {
}
