package dev.channels.demo;

import java.time.Duration;
import org.springframework.stereotype.Component;

/** A notification service that takes a while per message. */
@Component
class SimulatedCustomerNotifier implements CustomerNotifier {
    private final Duration latency;

    SimulatedCustomerNotifier(DemoProperties properties) {
        this.latency = properties.getNotifications().getLatency();
    }

    @Override
    public void send(Notification notification) throws InterruptedException {
        if (latency.isPositive()) {
            Thread.sleep(latency);
        }
    }
}
