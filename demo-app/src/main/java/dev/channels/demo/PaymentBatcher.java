package dev.channels.demo;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.ReceiveChannel;
import dev.channels.Select;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.observation.SenderContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The payment stage: collects orders from {@code payments} into batches and charges each batch in
 * one call. A batch starts with the first order to arrive and is charged when it is full or when
 * {@code demo.payments.batch-timeout} has passed since, whichever is first: a {@link Select} with a
 * receive clause and a timeout clause. Each settled order then gets a notification, and the batch
 * goes to the current settlement report.
 *
 * <p>It is not a {@code @ChannelListener} (it receives on its own, to batch), so it runs as a
 * {@link ChannelListenerContainer#loop loop container} on one virtual thread (see
 * {@link DemoApplication#paymentStage}): it starts with the listeners, and at shutdown, with
 * {@code payments} listed in {@code channels.shutdown.order}, {@code notifications} is closed only
 * after this loop has charged its last batch and returned, when {@code payments} is closed and
 * drained.
 *
 * <p>With {@code channels.observation.enabled}, each order brings its sender's context: the loop
 * takes it after each receive ({@link SenderContext#takeReceived()}), and settles each order in a
 * {@code payments settle} observation, child of the validation call that sent the order, so the
 * order's trace goes on through the notification it sends (and its log lines carry the trace id).
 */
@Component
class PaymentBatcher {
    private static final Log logger = LogFactory.getLog(PaymentBatcher.class);

    private enum Step { MORE, FULL_OR_LATE, CLOSED }

    private final Channel<Notification> notifications;
    private final PaymentGateway gateway;
    private final SettlementReports reports;
    private final PipelineLedger ledger;
    private final int batchSize;
    private final Duration batchTimeout;
    private final AtomicLong batchNumbers = new AtomicLong();
    private final ObservationRegistry observations;

    PaymentBatcher(@Qualifier("notifications") Channel<Notification> notifications, PaymentGateway gateway,
            SettlementReports reports, PipelineLedger ledger, DemoProperties properties,
            ObjectProvider<ObservationRegistry> observations) {
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.notifications = notifications;
        this.gateway = gateway;
        this.reports = reports;
        this.ledger = ledger;
        this.batchSize = Math.max(1, properties.getPayments().getBatchSize());
        this.batchTimeout = properties.getPayments().getBatchTimeout();
    }

    /**
     * Batches and charges until {@code payments} is closed and drained.
     *
     * @param payments the orders to charge
     * @throws InterruptedException if stopped by an interrupt; the batch being collected is not charged
     */
    void run(ReceiveChannel<Order> payments) throws InterruptedException {
        boolean open = true;
        while (open) {
            List<Order> batch = new ArrayList<>(batchSize);
            List<SenderContext> senders = new ArrayList<>(batchSize);
            try {
                batch.add(payments.receive());
                senders.add(lastSender());
            } catch (ChannelClosedException closed) {
                return;
            }
            long deadline = System.nanoTime() + batchTimeout.toNanos();
            Step step = Step.MORE;
            try {
                while (step == Step.MORE) {
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= batchSize || left <= 0) {
                        break;
                    }
                    step = Select.<Step>ordered()
                            .onReceive(payments, order -> {
                                batch.add(order);
                                senders.add(lastSender());
                                return Step.MORE;
                            }, () -> Step.CLOSED)
                            .onTimeout(Duration.ofNanos(left), () -> Step.FULL_OR_LATE)
                            .await();
                }
            } catch (InterruptedException stopped) {
                logger.warn("Payment stage interrupted; the " + batch.size() + " orders of the batch it was collecting"
                        + " are not charged");
                throw stopped;
            }
            open = step != Step.CLOSED;
            settle(batch, senders);
        }
    }

    /** The context of the order this thread received last, if it came with one (observation on). */
    private static SenderContext lastSender() {
        List<SenderContext> received = SenderContext.takeReceived();
        return received.isEmpty() ? null : received.get(received.size() - 1);
    }

    private void settle(List<Order> batch, List<SenderContext> senders) throws InterruptedException {
        long number = batchNumbers.incrementAndGet();
        try {
            gateway.charge(batch);
        } catch (RuntimeException failure) {
            ledger.failed(batch.size());
            logger.error("Charging batch " + number + " of " + batch.size() + " orders failed", failure);
            return;
        }
        ledger.settled(batch.size());
        long amount = 0;
        for (int i = 0; i < batch.size(); i++) {
            Order order = batch.get(i);
            amount += order.totalCents();
            SenderContext sender = senders.get(i);
            Observation settlement = Observation.createNotStarted("demo.payment", observations)
                    .contextualName("payments settle")
                    .parentObservation(sender != null ? sender.observation() : null);
            settlement.observeChecked(() -> {
                if (logger.isDebugEnabled()) {
                    logger.debug("Order " + order.id() + " paid in batch " + number);
                }
                // A drop-oldest channel: this send never waits; when the buffer is full the oldest notification goes.
                notifications.send(new Notification(order.id(), order.customer(),
                        "Order " + order.id() + " is paid: " + order.quantity() + " x " + order.sku()));
            });
        }
        reports.record(new Settlement(number, batch.size(), amount));
    }
}
