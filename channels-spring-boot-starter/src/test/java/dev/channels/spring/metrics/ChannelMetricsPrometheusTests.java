package dev.channels.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelsMetricsAutoConfiguration;
import dev.channels.spring.listener.ChannelListener;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The names a Prometheus server sees, as the dashboard queries them. */
class ChannelMetricsPrometheusTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, ChannelsMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    PrometheusMetricsExportAutoConfiguration.class))
            .withPropertyValues("channels.instances.orders.capacity=10", "channels.instances.events.capacity=unlimited",
                    "channels.metrics.timers.blocked=true", "channels.metrics.timers.buffer-wait=true",
                    "management.metrics.distribution.percentiles-histogram.channel.buffer.wait=true",
                    "management.metrics.distribution.percentiles-histogram.channel.listener.handled=true")
            .withBean("orderHandler", FailingListener.class);

    @Test
    void exportsTheExactNamesTheDashboardUses() {
        runner.run(context -> {
            PrometheusMeterRegistry prometheus = context.getBean(PrometheusMeterRegistry.class);
            @SuppressWarnings("unchecked")
            Channel<String> orders = context.getBean("orders", Channel.class);
            // The listener is queued as a waiting receiver before the value is sent, so its receive
            // waits (the timer counts it once it completes) whatever the scheduling.
            await().atMost(Duration.ofSeconds(30)).until(() -> orders.stats().waitingReceivers() == 1);
            orders.send("fail");
            await().atMost(Duration.ofSeconds(30)).until(() -> orders.stats().received() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> prometheus.scrape()
                    .contains("channel_listener_failures_total{listener=\"orderHandler.handle\",name=\"orders\"} 1.0"));
            await().atMost(Duration.ofSeconds(30)).until(() -> orders.stats().waitingReceivers() == 1);
            @SuppressWarnings("unchecked")
            Channel<String> events = context.getBean("events", Channel.class);
            events.send("kept");
            events.close();

            List<String> lines = Arrays.asList(prometheus.scrape().split("\n"));

            assertThat(lines).contains(
                    "# TYPE channel_size_messages gauge",
                    "channel_size_messages{name=\"orders\"} 0.0",
                    "channel_size_messages{name=\"events\"} 1.0",
                    "# TYPE channel_capacity_messages gauge",
                    "channel_capacity_messages{name=\"orders\"} 10.0",
                    "# TYPE channel_waiting_threads gauge",
                    "channel_waiting_threads{name=\"orders\",operation=\"send\"} 0.0",
                    "channel_waiting_threads{name=\"orders\",operation=\"receive\"} 1.0",
                    "# TYPE channel_messages_total counter",
                    "channel_messages_total{name=\"orders\",operation=\"send\"} 1.0",
                    "channel_messages_total{name=\"orders\",operation=\"receive\"} 1.0",
                    "# TYPE channel_dropped_total counter",
                    "channel_dropped_total{name=\"orders\"} 0.0",
                    "# TYPE channel_closed gauge",
                    "channel_closed{name=\"orders\"} 0.0",
                    "channel_closed{name=\"events\"} 1.0",
                    "# TYPE channel_close_events_total counter",
                    "channel_close_events_total{cause=\"close\",name=\"events\"} 1.0",
                    "channel_close_events_total{cause=\"fail\",name=\"events\"} 0.0",
                    "channel_close_events_total{cause=\"shutdown\",name=\"events\"} 0.0",
                    "# TYPE channel_listener_failures_total counter",
                    "channel_listener_failures_total{listener=\"orderHandler.handle\",name=\"orders\"} 1.0",
                    "# TYPE channel_listener_retries_total counter",
                    "channel_listener_retries_total{listener=\"orderHandler.handle\",name=\"orders\"} 0.0",
                    "# TYPE channel_listener_dead_letters_total counter",
                    "channel_listener_dead_letters_total{listener=\"orderHandler.handle\",name=\"orders\"} 0.0",
                    "# TYPE channel_listener_active_messages gauge",
                    "channel_listener_active_messages{listener=\"orderHandler.handle\",name=\"orders\"} 0.0",
                    "# TYPE channel_listener_paused gauge",
                    "channel_listener_paused{listener=\"orderHandler.handle\",name=\"orders\"} 0.0",
                    "channel_listener_handled_seconds_count{listener=\"orderHandler.handle\",name=\"orders\",outcome=\"failure\"} 1",
                    "channel_listener_handled_seconds_count{listener=\"orderHandler.handle\",name=\"orders\",outcome=\"success\"} 0");
            assertThat(lines).anyMatch(line -> line.startsWith(
                    "channel_listener_handled_seconds_bucket{listener=\"orderHandler.handle\",name=\"orders\",outcome=\"failure\",le="));
            assertThat(lines).as("unlimited channels have no capacity series")
                    .noneMatch(line -> line.startsWith("channel_capacity_messages{name=\"events\"}"));
            assertThat(lines).anyMatch(line -> line.startsWith("channel_send_blocked_seconds_count{name=\"orders\"}"))
                    .anyMatch(line -> line.startsWith("channel_send_blocked_seconds_sum{name=\"orders\"}"))
                    .anyMatch(line -> line.startsWith("channel_send_blocked_seconds_max{name=\"orders\"}"))
                    .contains("channel_receive_blocked_seconds_count{name=\"orders\"} 1")
                    .anyMatch(line -> line.startsWith("channel_receive_blocked_seconds_sum{name=\"orders\"}"))
                    .anyMatch(line -> line.startsWith("channel_receive_blocked_seconds_max{name=\"orders\"}"))
                    .anyMatch(line -> line.startsWith("channel_buffer_wait_seconds_count{name=\"events\"}"))
                    .anyMatch(line -> line.startsWith("channel_buffer_wait_seconds_bucket{name=\"events\",le="));
        });
    }

    static class FailingListener {
        @ChannelListener(channel = "orders")
        void handle(String value) {
            throw new IllegalStateException("cannot handle " + value);
        }
    }
}
