package dev.channels.demo;

import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/** A payment provider that takes a fixed time per call plus a little per order. */
@Component
class SimulatedPaymentGateway implements PaymentGateway {
    private final Duration perCall;
    private final Duration perOrder;

    SimulatedPaymentGateway(DemoProperties properties) {
        this.perCall = properties.getPayments().getChargeLatency();
        this.perOrder = properties.getPayments().getPerOrderLatency();
    }

    @Override
    public void charge(List<Order> batch) throws InterruptedException {
        Duration latency = perCall.plus(perOrder.multipliedBy(batch.size()));
        if (latency.isPositive()) {
            Thread.sleep(latency);
        }
    }
}
