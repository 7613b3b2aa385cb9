package dev.channels.demo;

/**
 * The notification service did not take a notification this time; trying again later may work.
 * It carries no stack trace: the message says all there is to say.
 */
public class NotificationServiceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotificationServiceUnavailableException(Notification notification) {
        super("The notification service is unavailable; notification of order " + notification.orderId()
                + " not sent", null, false, false);
    }
}
