package dev.channels.demo;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.listener.ChannelsLifecycle;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts the payment stage, and at shutdown drains the pipeline stage by stage, front to back, so
 * that no order is caught between two stages: close {@code orders} and wait for the validators to
 * finish what it holds; then close {@code payments} and wait for the payment stage to charge its
 * last batch. The starter's own shutdown ({@link ChannelsLifecycle}, a later phase) then closes
 * {@code notifications} and lets the notification senders drain it.
 *
 * <p>The phase lies between the web server's stop and the starter's: no HTTP request can add
 * orders any more, and the starter has not closed the downstream channels yet.
 */
@Component
class PipelineLifecycle implements SmartLifecycle {
    static final int PHASE = ChannelsLifecycle.PHASE + 1024;
    private static final Log logger = LogFactory.getLog(PipelineLifecycle.class);
    private static final Duration STAGE_TIMEOUT = Duration.ofSeconds(10);

    private final Channel<Order> orders;
    private final Channel<Order> payments;
    private final PaymentBatcher batcher;
    private final ChannelListenerRegistry listeners;
    private final PipelineLedger ledger;
    private volatile Thread batcherThread;

    PipelineLifecycle(@Qualifier("orders") Channel<Order> orders, @Qualifier("payments") Channel<Order> payments,
            PaymentBatcher batcher, ChannelListenerRegistry listeners, PipelineLedger ledger) {
        this.orders = orders;
        this.payments = payments;
        this.batcher = batcher;
        this.listeners = listeners;
        this.ledger = ledger;
    }

    @Override
    public synchronized void start() {
        if (batcherThread == null) {
            batcherThread = Thread.ofVirtual().name("payment-batcher").start(() -> {
                try {
                    batcher.run();
                } catch (InterruptedException stopped) {
                    logger.warn("Payment stage interrupted; the batch it was collecting is not charged");
                }
            });
        }
    }

    @Override
    public synchronized void stop() {
        Thread batcherRunning = batcherThread;
        if (batcherRunning == null) {
            return;
        }
        try {
            orders.close();
            for (ChannelListenerContainer validator : listeners.containers()) {
                if (validator.channelName().equals("orders") && !validator.awaitTermination(STAGE_TIMEOUT)) {
                    logger.warn("Validators still busy after " + STAGE_TIMEOUT + "; closing 'payments' anyway");
                }
            }
            payments.close();
            if (!batcherRunning.join(STAGE_TIMEOUT)) {
                logger.warn("Payment stage still busy after " + STAGE_TIMEOUT + "; interrupting it");
                batcherRunning.interrupt();
            }
        } catch (InterruptedException interrupted) {
            batcherRunning.interrupt();
            Thread.currentThread().interrupt();
        }
        batcherThread = null;
        logger.info("Order pipeline drained: " + ledger.snapshot());
    }

    @Override
    public boolean isRunning() {
        return batcherThread != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
