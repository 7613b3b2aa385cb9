package dev.channels.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.lifecycle.ChannelsLifecycle;
import dev.channels.spring.lifecycle.ShutdownReport;
import dev.channels.spring.registry.ChannelRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The load generator, quickened: orders flow, bursts make {@code notifications} drop, validation
 * rejects some, report channels come and go; and closing the application drains the pipeline
 * stage by stage ({@code channels.shutdown.order}), so that no order taken in is lost and no stage is
 * cut short.
 */
class LoadAndShutdownTests {
    @Test
    void theLoadGeneratorMovesEveryMeterAndShutdownLosesNothing() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(DemoApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--demo.load.rate=200", "--demo.load.burst-every=700ms", "--demo.load.burst-size=300",
                "--demo.load.invalid-every=20", "--demo.reports.period=300ms", "--demo.reports.linger=200ms",
                "--demo.reports.fail-every=2", "--demo.notifications.fail-every=7",
                "--logging.level.dev.channels.spring.listener.ChannelListenerContainer=off",
                // The drain must not depend on the machine's speed: a shutdown that works ends long before this.
                "--channels.shutdown.timeout=60s");
        PipelineLedger ledger = context.getBean(PipelineLedger.class);
        ChannelRegistry registry = context.getBean(ChannelRegistry.class);
        ChannelListenerRegistry listeners = context.getBean(ChannelListenerRegistry.class);
        ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                PipelineLedger.Snapshot now = ledger.snapshot();
                assertThat(now.settled()).isGreaterThan(500);
                assertThat(now.rejected()).isPositive();
                assertThat(now.notificationsDropped()).as("notifications dropped in a burst").isPositive();
                assertThat(listeners.require("orderValidator.validate").deadLettered()).as("rejections dead-lettered")
                        .isEqualTo(now.rejected());
                assertThat(listeners.require("notificationSender.send").retries()).as("flaky notifications retried")
                        .isPositive();
                assertThat(listeners.require("paymentBatcher.charge").handled()).isEqualTo(now.settled());
            });
            // The report channel is replaced each period: sometimes closed, sometimes failed.
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.find(SettlementReports.CHANNEL)
                    .filter(report -> report.stats().failed()).isPresent());
        } finally {
            context.close();
        }
        PipelineLedger.Snapshot last = ledger.snapshot();
        assertThat(last.accepted()).isEqualTo(last.rejected() + last.settled() + last.failed());
        assertThat(last.inFlight()).isZero();
        assertThat(last.settled()).isEqualTo(last.notified() + last.notificationsDropped());
        ShutdownReport report = lifecycle.lastReport().orElseThrow();
        assertThat(report.leftOver()).doesNotContainKeys("orders", "payments", "notifications");
        assertThat(report.leftOver()).as("the dead letters nobody consumed are reported, not lost silently")
                .hasEntrySatisfying("orders-dead", count -> assertThat(count).isPositive());
        // A notification that failed once was sent again: none failed for good, every settled order was notified or dropped.
        assertThat(listeners.require("notificationSender.send").failures()).isZero();
        assertThat(report.interruptedListeners()).isEmpty();
        assertThat(report.unfinished()).as("no stage was cut short by the shutdown").isEmpty();
        assertThat(listeners.containers()).extracting(ChannelListenerContainer::id)
                .contains("orderValidator.validate", "paymentBatcher.charge", "notificationSender.send");
    }
}
