package dev.channels.demo;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.observation.ChannelListenerObservationContext;
import dev.channels.spring.observation.SenderContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The payment stage: a batch listener of {@code payments} that charges each batch in one call.
 * The starter collects a batch from the first order to arrive until it holds 25 orders or
 * {@code demo.payments.batch-timeout} has passed since that first order, whichever is first. Each
 * settled order then gets a notification, and the batch goes to the current settlement report.
 *
 * <p>At shutdown, with {@code payments} listed in {@code channels.shutdown.order},
 * {@code notifications} is closed only after this listener has charged its last batch, once
 * {@code payments} is closed and drained.
 *
 * <p>With {@code channels.observation.enabled}, the batch's {@code channel.listener} observation
 * lists each order's sender ({@link ChannelListenerObservationContext#senders()}): each order is
 * settled in a {@code payments settle} observation, child of the validation call that sent it, so
 * every order's trace goes on through the notification it sends, not only the first order's.
 */
@Component
class PaymentBatcher {
    private static final Log logger = LogFactory.getLog(PaymentBatcher.class);

    private final Channel<Notification> notifications;
    private final PaymentGateway gateway;
    private final SettlementReports reports;
    private final PipelineLedger ledger;
    private final ObservationRegistry observations;
    private final AtomicLong batchNumbers = new AtomicLong();

    PaymentBatcher(@Qualifier("notifications") Channel<Notification> notifications, PaymentGateway gateway,
            SettlementReports reports, PipelineLedger ledger, ObjectProvider<ObservationRegistry> observations) {
        this.notifications = notifications;
        this.gateway = gateway;
        this.reports = reports;
        this.ledger = ledger;
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    }

    /**
     * Charges one batch, notifies its customers and records it.
     *
     * @param batch 1 to 25 orders
     * @throws InterruptedException if interrupted at shutdown; the batch is reported as unfinished
     */
    @SuppressWarnings("try") // the sender's scope is held for the settlement, not used in it
    @ChannelListener(channel = "payments", batchSize = 25, batchTimeout = "${demo.payments.batch-timeout:100ms}")
    void charge(List<Order> batch) throws InterruptedException {
        long number = batchNumbers.incrementAndGet();
        try {
            gateway.charge(batch);
        } catch (RuntimeException failure) {
            ledger.failed(batch.size());
            logger.warn("Charging batch " + number + " of " + batch.size() + " orders failed: " + failure);
            return;
        }
        ledger.settled(batch.size());
        List<SenderContext> senders = senders(batch.size());
        long amount = 0;
        for (int i = 0; i < batch.size(); i++) {
            Order order = batch.get(i);
            amount += order.totalCents();
            SenderContext sender = senders.get(i);
            Observation parent = sender != null ? sender.observation() : null;
            Observation settlement = Observation.createNotStarted("demo.payment", observations)
                    .contextualName("payments settle")
                    .parentObservation(parent);
            // In the order's sender's scope, not the batch's: a tracer takes the span in scope as
            // the parent when it differs from the parent observation's.
            try (Observation.Scope inSendersScope = parent != null ? parent.openScope() : null) {
                settlement.observeChecked(() -> {
                    if (logger.isDebugEnabled()) {
                        logger.debug("Order " + order.id() + " paid in batch " + number);
                    }
                    // A drop-oldest channel: this send never waits; when full, the oldest notification goes.
                    notifications.send(new Notification(order.id(), order.customer(),
                            "Order " + order.id() + " is paid: " + order.quantity() + " x " + order.sku()));
                });
            }
        }
        reports.record(new Settlement(number, batch.size(), amount));
    }

    /** Each order's sender, from the batch's listener observation; nulls when observation is off. */
    private List<SenderContext> senders(int size) {
        Observation current = observations.getCurrentObservation();
        if (current != null && current.getContext() instanceof ChannelListenerObservationContext listener
                && listener.senders().size() == size) {
            return listener.senders();
        }
        return java.util.Collections.nCopies(size, null);
    }
}
