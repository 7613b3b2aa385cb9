package dev.channels.demo;

import dev.channels.Channel;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Where every order went. Each accepted order ends exactly once as rejected, settled or failed;
 * each settled order's notification is sent or dropped by the {@code notifications} channel's
 * drop-oldest policy, which counts it. So at rest:
 * {@code accepted == rejected + settled + failed} and {@code settled == notified + notificationsDropped}.
 */
@Component
public class PipelineLedger {
    private static final Log logger = LogFactory.getLog(PipelineLedger.class);

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong notified = new AtomicLong();
    private final Channel<Notification> notifications;

    PipelineLedger(@Qualifier("notifications") Channel<Notification> notifications) {
        this.notifications = notifications;
    }

    /**
     * The counts now.
     *
     * @param accepted orders taken into the {@code orders} channel
     * @param refused orders turned away at the intake (503) because the pipeline was full or closing
     * @param rejected accepted orders that failed validation
     * @param settled accepted orders charged
     * @param batches charge calls made
     * @param failed accepted orders whose charge failed
     * @param inFlight accepted orders not yet rejected, settled or failed
     * @param notified customers notified
     * @param notificationsDropped notifications the {@code notifications} channel dropped (drop-oldest)
     */
    public record Snapshot(long accepted, long refused, long rejected, long settled, long batches, long failed,
            long inFlight, long notified, long notificationsDropped) {
    }

    /**
     * A consistent-enough view for monitoring; exact once the pipeline is at rest.
     *
     * @return the counts
     */
    public Snapshot snapshot() {
        long notifiedNow = notified.get();
        long settledNow = settled.get();
        long rejectedNow = rejected.get();
        long failedNow = failed.get();
        long acceptedNow = accepted.get();
        return new Snapshot(acceptedNow, refused.get(), rejectedNow, settledNow, batches.get(), failedNow,
                acceptedNow - rejectedNow - settledNow - failedNow, notifiedNow, notifications.stats().dropped());
    }

    /** Logs the final counts; beans are destroyed after the channels have been drained. */
    @PreDestroy
    void logFinalCounts() {
        logger.info("Order pipeline at shutdown: " + snapshot());
    }

    void accepted() {
        accepted.incrementAndGet();
    }

    void refused() {
        refused.incrementAndGet();
    }

    void rejected() {
        rejected.incrementAndGet();
    }

    void settled(int orders) {
        settled.addAndGet(orders);
        batches.incrementAndGet();
    }

    void failed(int orders) {
        failed.addAndGet(orders);
        batches.incrementAndGet();
    }

    void notified() {
        notified.incrementAndGet();
    }
}
