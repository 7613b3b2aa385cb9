package dev.channels.demo;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.spring.registry.ChannelRegistry;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * Settlement reports, one per period, each streamed through a channel created for it at run time:
 * {@link ChannelRegistry#create} registers a channel named {@code reports}, so it gets meters, health
 * and a place in the endpoint like the configured ones. The payment stage sends every settled batch
 * to it, a writer thread totals them, and at the end of the period the channel is closed, which
 * tells the writer the report is complete. Every {@code demo.reports.fail-every}-th report fails
 * instead (the report store is "unavailable"): the channel fails, the writer discards the report,
 * and what was still buffered is counted as dropped. The closed channel stays registered for
 * {@code demo.reports.linger}, then the next period's channel takes its name.
 */
@Component
class SettlementReports extends BackgroundLoop {
    static final String CHANNEL = "reports";
    private static final Log logger = LogFactory.getLog(SettlementReports.class);
    private static final Duration SEND_TIMEOUT = Duration.ofMillis(50);
    private static final int CAPACITY = 64;

    private final ChannelRegistry registry;
    private final DemoProperties.Reports settings;
    private volatile Channel<Settlement> current;

    SettlementReports(ChannelRegistry registry, DemoProperties properties) {
        this.registry = registry;
        this.settings = properties.getReports();
    }

    /**
     * Adds a settled batch to the current report, if one is open.
     *
     * @param settlement the batch
     * @throws InterruptedException if interrupted while the report's buffer is full
     */
    void record(Settlement settlement) throws InterruptedException {
        Channel<Settlement> report = current;
        if (report == null) {
            return;
        }
        try {
            if (!report.send(settlement, SEND_TIMEOUT)) {
                logger.warn("Report writer is behind; batch " + settlement.batch() + " is left out of the report");
            }
        } catch (ChannelClosedException periodEnded) {
            // The report closed between the read of `current` and the send; the batch belongs to no report.
        }
    }

    @Override
    boolean enabled() {
        return settings.isEnabled();
    }

    @Override
    String threadName() {
        return "settlement-reports";
    }

    @Override
    void run() {
        Channel<Settlement> report = null;
        try {
            for (long number = 1; !Thread.currentThread().isInterrupted(); number++) {
                if (report != null) {
                    registry.remove(CHANNEL, report);
                }
                report = registry.create(CHANNEL, builder -> builder.capacity(CAPACITY));
                long reportNumber = number;
                Channel<Settlement> open = report;
                Thread writer = Thread.ofVirtual().name("report-writer-" + number).start(() -> write(reportNumber, open));
                current = report;
                Thread.sleep(settings.getPeriod());
                current = null;
                if (settings.getFailEvery() > 0 && number % settings.getFailEvery() == 0) {
                    report.fail(new IllegalStateException("report store unavailable"));
                } else {
                    report.close();
                }
                writer.join();
                Thread.sleep(settings.getLinger());
            }
        } catch (InterruptedException stop) {
            current = null;
            if (report != null) {
                report.close();
            }
        }
    }

    /** Totals one report's batches until its channel is closed (complete) or fails (discarded). */
    private static void write(long number, Channel<Settlement> report) {
        long batches = 0;
        long orders = 0;
        long amount = 0;
        try {
            for (Settlement settlement : report) {
                batches++;
                orders += settlement.orders();
                amount += settlement.amountCents();
            }
            logger.info(String.format("Settlement report %d: %d orders in %d batches, %d.%02d settled", number, orders,
                    batches, amount / 100, amount % 100));
        } catch (ChannelClosedException failed) {
            logger.warn("Settlement report " + number + " discarded after " + batches + " batches ("
                    + report.stats().dropped() + " more dropped): " + failed.getCause().getMessage());
        }
    }
}
