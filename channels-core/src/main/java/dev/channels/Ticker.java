package dev.channels;

import dev.channels.internal.SharedTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * A channel that receives the current time every period (Go's {@code time.Ticker}), made by
 * {@link Channels#ticker}. Ticks run on one shared timer thread. The buffer holds one tick; like
 * Go's ticker, ticks that a slow receiver has no room for are dropped (and counted in
 * {@link ChannelStats#dropped()}), never queued up.
 *
 * <p>Unlike Go's, {@link #close()} also closes the channel, so {@code for (Instant t : ticker)}
 * ends when the ticker is stopped.
 */
public final class Ticker extends ReceiveView<Instant> implements AutoCloseable {
    private final Channel<Instant> ticks;
    private final ScheduledFuture<?> task;

    Ticker(Duration period) {
        this(Channel.<Instant>builder().name("ticker-" + period).capacity(1)
                .overflow(OverflowPolicy.DROP_NEWEST).build(), positive(period));
    }

    private Ticker(Channel<Instant> ticks, long periodNanos) {
        super((DefaultChannel<Instant>) ticks);
        this.ticks = ticks;
        this.task = SharedTimer.every(periodNanos, () -> ticks.trySend(Instant.now()));
    }

    private static long positive(Duration period) {
        long nanos = Timeouts.nanos(period, "ticker period");
        if (nanos == 0) {
            throw new IllegalArgumentException("ticker period must be positive, was " + period);
        }
        return nanos;
    }

    /**
     * Stops the ticker and closes its channel; a tick already buffered can still be received.
     * Idempotent.
     */
    @Override
    public void close() {
        task.cancel(false);
        ticks.close();
    }

    @Override
    public String toString() {
        return "Ticker" + ticks;
    }
}
