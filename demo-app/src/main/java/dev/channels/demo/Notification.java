package dev.channels.demo;

/**
 * A message to a customer about a settled order.
 *
 * @param orderId the order
 * @param customer who is told
 * @param text what they are told
 */
public record Notification(long orderId, String customer, String text) {
}
