package dev.channels.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ChannelsLifecycleTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class));

    @Test
    void shutdownStopsIntakeAndListenersDrainEveryBufferedValue(CapturedOutput output) {
        runner.withPropertyValues("channels.instances.orders.capacity=200", "channels.shutdown.timeout=10s")
                .withBean("slowConsumer", SlowConsumer.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> orders = context.getBean("orders", Channel.class);
                    SlowConsumer consumer = context.getBean(SlowConsumer.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    for (int i = 0; i < 100; i++) {
                        orders.send(i);
                    }
                    assertThat(orders.size()).as("values are still buffered when the context closes").isPositive();

                    context.close();

                    assertThat(consumer.handled).hasSize(100).isSorted();
                    assertThat(orders.isDrained()).isTrue();
                    assertThatExceptionOfType(ChannelClosedException.class).isThrownBy(() -> orders.send(100));
                    ShutdownReport report = lifecycle.lastReport().orElseThrow();
                    assertThat(report.complete()).isTrue();
                    assertThat(report.leftOver()).isEmpty();
                    assertThat(output).contains("Channels closed and drained in");
                });
    }

    @Test
    void whatIsLeftAfterTheTimeoutIsReportedByChannelAndCount(CapturedOutput output) {
        runner.withPropertyValues("channels.instances.idle.capacity=10", "channels.instances.stuck.capacity=10",
                "channels.shutdown.timeout=300ms")
                .withBean("stuckConsumer", StuckConsumer.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> idle = context.getBean("idle", Channel.class);
                    @SuppressWarnings("unchecked")
                    Channel<Integer> stuck = context.getBean("stuck", Channel.class);
                    StuckConsumer consumer = context.getBean(StuckConsumer.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    for (int i = 0; i < 3; i++) {
                        idle.send(i);
                    }
                    for (int i = 0; i < 5; i++) {
                        stuck.send(i);
                    }
                    consumer.started.await();

                    long started = System.nanoTime();
                    context.close();
                    Duration took = Duration.ofNanos(System.nanoTime() - started);

                    ShutdownReport report = lifecycle.lastReport().orElseThrow();
                    assertThat(report.leftOver()).containsExactly(java.util.Map.entry("idle", 3), java.util.Map.entry("stuck", 4));
                    assertThat(report.totalLeftOver()).isEqualTo(7);
                    assertThat(report.interruptedListeners()).containsExactly("stuckConsumer.handle");
                    assertThat(report.complete()).isFalse();
                    assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
                    assertThat(consumer.interrupted).isTrue();
                    assertThat(output).contains("Channel 'idle' was closed at shutdown with 3 values left unconsumed")
                            .contains("Channel 'stuck' was closed at shutdown with 4 values left unconsumed")
                            .contains("were interrupted: [stuckConsumer.handle]");
                });
    }

    @Test
    void channelsWithoutListenersDoNotHoldShutdownUp() {
        runner.withPropertyValues("channels.instances.idle.capacity=10", "channels.shutdown.timeout=30s").run(context -> {
            @SuppressWarnings("unchecked")
            Channel<Integer> idle = context.getBean("idle", Channel.class);
            idle.send(1);
            ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);

            context.close();

            ShutdownReport report = lifecycle.lastReport().orElseThrow();
            assertThat(report.duration()).isLessThan(Duration.ofSeconds(5));
            assertThat(report.leftOver()).containsExactly(java.util.Map.entry("idle", 1));
        });
    }

    @Test
    void pausingTheContextLeavesTheChannelsOpen() {
        runner.withPropertyValues("channels.instances.orders.capacity=1").run(context -> {
            context.pause();

            assertThat(context.getBean("orders", Channel.class).isClosed()).isFalse();
            assertThat(context.getBean(ChannelsLifecycle.class).isRunning()).isTrue();
        });
    }

    static class SlowConsumer {
        final List<Integer> handled = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders")
        void handle(Integer value) throws InterruptedException {
            Thread.sleep(2);
            handled.add(value);
        }
    }

    static class StuckConsumer {
        final CountDownLatch started = new CountDownLatch(1);
        volatile boolean interrupted;

        @ChannelListener(channel = "stuck")
        void handle(Integer value) {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException stop) {
                interrupted = true;
            }
        }
    }
}
