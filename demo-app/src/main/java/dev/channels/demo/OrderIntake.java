package dev.channels.demo;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Puts orders into the {@code orders} channel, waiting at most {@code demo.intake.timeout} for
 * room: a full pipeline pushes back on its clients instead of queueing without bound. Both the
 * HTTP controller and the load generator come in here.
 */
@Service
public class OrderIntake {
    /** What became of one order at the intake. */
    public enum Outcome {
        /** In the pipeline. */
        ACCEPTED,
        /** No room within the timeout; try again later. */
        BUSY,
        /** The pipeline is shutting down. */
        CLOSED
    }

    private final Channel<Order> orders;
    private final PipelineLedger ledger;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();

    OrderIntake(@Qualifier("orders") Channel<Order> orders, PipelineLedger ledger, DemoProperties properties) {
        this.orders = orders;
        this.ledger = ledger;
        this.timeout = properties.getIntake().getTimeout();
    }

    /**
     * A new order id.
     *
     * @return the next id, from 1 on
     */
    long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * Offers an order to the pipeline.
     *
     * @param order the order
     * @return whether it was taken
     * @throws InterruptedException if interrupted while waiting for room; the order was not taken
     */
    public Outcome submit(Order order) throws InterruptedException {
        try {
            if (orders.send(order, timeout)) {
                ledger.accepted();
                return Outcome.ACCEPTED;
            }
            ledger.refused();
            return Outcome.BUSY;
        } catch (ChannelClosedException closed) {
            ledger.refused();
            return Outcome.CLOSED;
        }
    }
}
