package dev.channels.demo;

/**
 * Validation turned an order down. Thrown from the validation listener, so the starter counts it
 * in {@code channel.listener.failures}, logs it in one WARN line and sends the order to the
 * dead-letter channel {@code orders-dead}; it carries no stack trace, since the message says all
 * there is to say.
 */
public class OrderRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OrderRejectedException(Order order, String reason) {
        super("Order " + order.id() + " rejected: " + reason, null, false, false);
    }
}
