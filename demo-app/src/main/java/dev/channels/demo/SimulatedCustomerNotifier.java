package dev.channels.demo;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * A notification service that takes a while per message and, every
 * {@code demo.notifications.fail-every}-th call, is briefly unavailable: that call fails, and the
 * listener's retry ({@code channels.instances.notifications.listener.retry}) sends the notification
 * again. A notification fails at most once: its retry goes through whatever the count of calls is
 * then (calls from both sender threads count, so the retry could otherwise land on the next n-th).
 */
@Component
class SimulatedCustomerNotifier implements CustomerNotifier {
    private final Duration latency;
    private final int failEvery;
    private final AtomicLong calls = new AtomicLong();
    /** The orders whose notification failed and has not been sent again yet. */
    private final Set<Long> failedOnce = ConcurrentHashMap.newKeySet();

    SimulatedCustomerNotifier(DemoProperties properties) {
        this.latency = properties.getNotifications().getLatency();
        this.failEvery = properties.getNotifications().getFailEvery();
    }

    @Override
    public void send(Notification notification) throws InterruptedException {
        if (latency.isPositive()) {
            Thread.sleep(latency);
        }
        if (failEvery <= 0) {
            return;
        }
        boolean retry = failedOnce.remove(notification.orderId());
        if (calls.incrementAndGet() % failEvery == 0 && !retry) {
            failedOnce.add(notification.orderId());
            throw new NotificationServiceUnavailableException(notification);
        }
    }
}
