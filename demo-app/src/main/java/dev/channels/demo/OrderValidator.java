package dev.channels.demo;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListener;
import java.time.Duration;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The validation workers: four virtual threads take orders from {@code orders} (fan-out) and hand
 * the good ones to {@code payments} (fan-in). {@code payments} is a rendezvous channel, so a worker
 * waits until the payment stage takes its order; while payments are slow, {@code orders} fills and
 * the intake starts answering 503.
 */
@Component
class OrderValidator {
    private static final Log logger = LogFactory.getLog(OrderValidator.class);

    private final Channel<Order> payments;
    private final PipelineLedger ledger;
    private final Duration latency;
    private final long creditLimitCents;
    private final Set<String> discontinued;

    OrderValidator(@Qualifier("payments") Channel<Order> payments, PipelineLedger ledger, DemoProperties properties) {
        this.payments = payments;
        this.ledger = ledger;
        DemoProperties.Validation validation = properties.getValidation();
        this.latency = validation.getLatency();
        this.creditLimitCents = validation.getCreditLimitCents();
        this.discontinued = Set.copyOf(validation.getDiscontinued());
    }

    /**
     * Checks one order and passes it on. A rejected order throws: the starter counts it as a
     * listener failure, logs one WARN line and sends it, as a {@code DeadLetter} with the reason,
     * to {@code orders-dead} ({@code channels.instances.orders.listener.dead-letter}); a rejection
     * is final, so {@code orders} has no retries.
     */
    @ChannelListener(channel = "orders", concurrency = 4)
    void validate(Order order) throws InterruptedException {
        if (latency.isPositive()) {
            Thread.sleep(latency);
        }
        String problem = problem(order);
        if (problem != null) {
            ledger.rejected();
            throw new OrderRejectedException(order, problem);
        }
        if (logger.isDebugEnabled()) {
            logger.debug("Order " + order.id() + " is valid");
        }
        payments.send(order);
    }

    private String problem(Order order) {
        if (discontinued.contains(order.sku())) {
            return "sku '" + order.sku() + "' is discontinued";
        }
        if (order.totalCents() > creditLimitCents) {
            return "total " + order.totalCents() + " cents exceeds the credit limit of " + creditLimitCents + " cents";
        }
        return null;
    }
}
