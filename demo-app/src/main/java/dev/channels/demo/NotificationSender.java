package dev.channels.demo;

import dev.channels.spring.listener.ChannelListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * Sends the notifications, two at a time. They are slower than payments in a burst, and the
 * {@code notifications} channel drops the oldest rather than slow the payments down: a stale
 * "your order is paid" matters less than paying the next order.
 */
@Component
class NotificationSender {
    private static final Log logger = LogFactory.getLog(NotificationSender.class);

    private final CustomerNotifier notifier;
    private final PipelineLedger ledger;

    NotificationSender(CustomerNotifier notifier, PipelineLedger ledger) {
        this.notifier = notifier;
        this.ledger = ledger;
    }

    @ChannelListener(channel = "notifications", concurrency = 2)
    void send(Notification notification) throws InterruptedException {
        notifier.send(notification);
        ledger.notified();
        if (logger.isDebugEnabled()) {
            logger.debug("Customer " + notification.customer() + " notified of order " + notification.orderId());
        }
    }
}
