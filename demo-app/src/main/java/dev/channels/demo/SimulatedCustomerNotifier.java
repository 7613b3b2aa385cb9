package dev.channels.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * A notification service that takes a while per message and, every
 * {@code demo.notifications.fail-every}-th call, is briefly unavailable: that call fails, and the
 * listener's retry ({@code channels.instances.notifications.listener.retry}) sends the notification
 * again.
 */
@Component
class SimulatedCustomerNotifier implements CustomerNotifier {
    private final Duration latency;
    private final int failEvery;
    private final AtomicLong calls = new AtomicLong();

    SimulatedCustomerNotifier(DemoProperties properties) {
        this.latency = properties.getNotifications().getLatency();
        this.failEvery = properties.getNotifications().getFailEvery();
    }

    @Override
    public void send(Notification notification) throws InterruptedException {
        if (latency.isPositive()) {
            Thread.sleep(latency);
        }
        if (failEvery > 0 && calls.incrementAndGet() % failEvery == 0) {
            throw new NotificationServiceUnavailableException(notification);
        }
    }
}
