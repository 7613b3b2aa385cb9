package dev.channels.spring.actuate;

import dev.channels.ChannelInfo;
import dev.channels.ChannelStats;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one channel. Closing, failing and filling up are normal events in a channel's
 * life, so the status stays {@code UP} through all of them, and the details tell what the channel
 * is doing: {@code state} ({@code open}, {@code closed} or {@code failed}), {@code size},
 * {@code capacity} ({@code unlimited} for an unlimited channel), {@code fill} (size over capacity;
 * for a rendezvous channel 1 while a sender waits for a receiver, else 0; left out for unlimited
 * channels), {@code stalled}, and for a failed channel {@code failure}, the exception. Details,
 * the failure among them, are shown only where Boot's health endpoint shows details
 * ({@code management.endpoint.health.show-details}).
 *
 * <p>A channel is stalled when it has been full, with no value received, for the stall time
 * ({@code channels.health.stalled-after}). Nothing is added to sends and receives to find this
 * out: each health check compares the channel's count of received values with the one it saw
 * before and remembers since when the channel has been seen full with that count unchanged. A
 * channel is therefore stalled once checks a stall time apart have both seen it full with no
 * receive in between; the first check that sees it full starts the count.
 *
 * <p>The conditions given as {@code downWhen} ({@code failed}, {@code stalled}) make the status
 * {@code DOWN}. Thread-safe: checks may run at once.
 */
public final class ChannelHealthIndicator implements HealthIndicator {
    private final ChannelInfo channel;
    private final long stalledAfterNanos;
    private final Set<ChannelHealthCondition> downWhen;
    private final LongSupplier nanoTime;

    private final Object progress = new Object();
    /** The received count the last check saw; guarded by {@link #progress}. */
    private long lastReceived = -1;
    /** When checks first saw the channel full with {@link #lastReceived}; guarded by {@link #progress}. */
    private long fullSince;
    /** Whether {@link #fullSince} holds a time; guarded by {@link #progress}. */
    private boolean seenFull;

    /**
     * Creates an indicator that is {@code UP} whatever the channel's state, with the default stall
     * time of 30 seconds.
     *
     * @param channel the channel
     */
    public ChannelHealthIndicator(ChannelInfo channel) {
        this(channel, Duration.ofSeconds(30), EnumSet.noneOf(ChannelHealthCondition.class), System::nanoTime);
    }

    /**
     * Creates the indicator.
     *
     * @param channel the channel
     * @param stalledAfter how long a channel must be full with no value received to be stalled; more than zero
     * @param downWhen the conditions that make the status {@code DOWN}
     * @param nanoTime a monotonic clock in nanoseconds, such as {@code System::nanoTime}
     * @throws IllegalArgumentException if {@code stalledAfter} is not more than zero
     */
    public ChannelHealthIndicator(ChannelInfo channel, Duration stalledAfter, Set<ChannelHealthCondition> downWhen,
            LongSupplier nanoTime) {
        this.channel = Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(stalledAfter, "stalledAfter");
        if (stalledAfter.isNegative() || stalledAfter.isZero()) {
            throw new IllegalArgumentException("The stall time must be more than zero, not " + stalledAfter);
        }
        this.stalledAfterNanos = saturatedNanos(stalledAfter);
        this.downWhen = downWhen.isEmpty() ? EnumSet.noneOf(ChannelHealthCondition.class) : EnumSet.copyOf(downWhen);
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public Health health() {
        long now = nanoTime.getAsLong();
        ChannelStats stats = channel.stats();
        boolean stalled = observe(stats, now);
        boolean down = (stats.failed() && downWhen.contains(ChannelHealthCondition.FAILED))
                || (stalled && downWhen.contains(ChannelHealthCondition.STALLED));
        Health.Builder health = down ? Health.down() : Health.up();
        health.withDetail("state", stats.failed() ? "failed" : stats.closed() ? "closed" : "open")
                .withDetail("size", stats.size())
                .withDetail("capacity", stats.unlimited() ? "unlimited" : stats.capacity());
        if (!stats.unlimited()) {
            health.withDetail("fill", fill(stats));
        }
        health.withDetail("stalled", stalled);
        if (stats.failed()) {
            health.withDetail("failure", stats.cause().toString());
        }
        return health.build();
    }

    /** Records what this check saw; tells whether the channel is stalled now. */
    private boolean observe(ChannelStats stats, long now) {
        boolean full = isFull(stats);
        synchronized (progress) {
            if (!full || stats.received() != lastReceived) {
                lastReceived = stats.received();
                seenFull = false;
            }
            if (full && !seenFull) {
                seenFull = true;
                fullSince = now;
            }
            return full && now - fullSince >= stalledAfterNanos;
        }
    }

    /** A send would have to wait (or, with a drop policy, would drop a value). */
    private static boolean isFull(ChannelStats stats) {
        if (stats.unlimited()) {
            return false;
        }
        return stats.capacity() == 0 ? stats.waitingSenders() > 0 : stats.size() >= stats.capacity();
    }

    private static double fill(ChannelStats stats) {
        if (stats.capacity() == 0) {
            return stats.waitingSenders() > 0 ? 1.0 : 0.0;
        }
        return Math.min(1.0, (double) stats.size() / stats.capacity());
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
