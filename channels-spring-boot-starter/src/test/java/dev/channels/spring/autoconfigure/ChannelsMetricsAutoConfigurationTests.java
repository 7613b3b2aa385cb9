package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.lifecycle.ChannelsLifecycle;
import dev.channels.spring.metrics.ChannelMetrics;
import dev.channels.spring.registry.ChannelRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ChannelsMetricsAutoConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, ChannelsMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("channels.instances.orders.capacity=4");

    @Test
    void gaugesAndCountersFollowTheChannelsStats() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ChannelMetrics.class);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Channel<String> orders = channel(context, "orders");
            orders.send("a");
            orders.send("b");
            orders.receive();

            assertThat(gauge(meters, "channel.size", "orders").value()).isEqualTo(1);
            assertThat(gauge(meters, "channel.size", "orders").getId().getBaseUnit()).isEqualTo("messages");
            assertThat(gauge(meters, "channel.capacity", "orders").value()).isEqualTo(4);
            assertThat(gauge(meters, "channel.capacity", "orders").getId().getBaseUnit()).isEqualTo("messages");
            assertThat(counter(meters, "channel.messages", "orders", "operation", "send").count()).isEqualTo(2);
            assertThat(counter(meters, "channel.messages", "orders", "operation", "receive").count()).isEqualTo(1);
            assertThat(counter(meters, "channel.dropped", "orders").count()).isZero();
            assertThat(gauge(meters, "channel.closed", "orders").value()).isZero();
            assertThat(meters.get("channel.waiting").tags("name", "orders", "operation", "send").gauge().getId().getBaseUnit())
                    .isEqualTo("threads");
            assertThat(meters.get("channel.close.events").tag("name", "orders").counters())
                    .extracting(c -> c.getId().getTag("cause")).containsExactlyInAnyOrder("close", "fail", "shutdown");

            orders.close();
            assertThat(gauge(meters, "channel.closed", "orders").value()).isEqualTo(1);
            assertThat(meters.get("channel.close.events").tags("name", "orders", "cause", "close").counter().count()).isEqualTo(1);
        });
    }

    @Test
    void waitingGaugesCountBlockedThreads() {
        runner.withPropertyValues("channels.instances.handoff.capacity=0").run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Channel<String> handoff = channel(context, "handoff");
            Thread receiver = Thread.ofVirtual().start(() -> {
                try {
                    handoff.receive();
                } catch (InterruptedException | RuntimeException ended) {
                    // the test is over
                }
            });

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    meters.get("channel.waiting").tags("name", "handoff", "operation", "receive").gauge().value()).isEqualTo(1));
            assertThat(meters.get("channel.waiting").tags("name", "handoff", "operation", "send").gauge().value()).isZero();
            handoff.send("done");
            receiver.join();
        });
    }

    @Test
    void droppedValuesAreCounted() {
        runner.withPropertyValues("channels.instances.lossy.capacity=1", "channels.instances.lossy.overflow=drop-newest")
                .run(context -> {
                    Channel<String> lossy = channel(context, "lossy");
                    lossy.send("kept");
                    lossy.send("dropped");
                    lossy.send("dropped too");

                    assertThat(counter(context.getBean(MeterRegistry.class), "channel.dropped", "lossy").count()).isEqualTo(2);
                });
    }

    @Test
    void unlimitedChannelsHaveNoCapacityGauge() {
        runner.withPropertyValues("channels.instances.events.capacity=unlimited").run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.find("channel.capacity").tag("name", "events").gauge()).isNull();
            assertThat(meters.find("channel.size").tag("name", "events").gauge()).isNotNull();
        });
    }

    @Test
    void closeEventsAreCountedByCause() {
        runner.withPropertyValues("channels.instances.failing.capacity=1", "channels.instances.other.capacity=1").run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            channel(context, "failing").fail(new IllegalStateException("boom"));

            context.getBean(ChannelsLifecycle.class).stop();

            assertThat(closeEvents(meters, "failing", "fail")).isEqualTo(1);
            assertThat(closeEvents(meters, "failing", "shutdown")).isZero();
            assertThat(closeEvents(meters, "other", "shutdown")).isEqualTo(1);
            assertThat(closeEvents(meters, "orders", "shutdown")).isEqualTo(1);
            assertThat(closeEvents(meters, "orders", "close")).isZero();
        });
    }

    @Test
    void channelsRegisteredLaterAndTheApplicationsOwnChannelBeansGetMeters() {
        runner.withUserConfiguration(OwnChannelConfiguration.class).run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(gauge(meters, "channel.capacity", "payments").value()).isEqualTo(2);

            context.getBean(ChannelRegistry.class).create("late", builder -> builder.capacity(8));

            assertThat(gauge(meters, "channel.capacity", "late").value()).isEqualTo(8);
        });
    }

    @Test
    void metersAreRemovedWhenTheChannelBeanIsDestroyedOrTheChannelUnregistered() {
        runner.withUserConfiguration(OwnChannelConfiguration.class).run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            ChannelRegistry registry = context.getBean(ChannelRegistry.class);
            registry.create("programmatic", builder -> builder.capacity(1));
            assertThat(metersOf(meters, "orders")).isNotEmpty();

            ((DefaultListableBeanFactory) context.getBeanFactory()).destroySingleton("orders");
            registry.remove("programmatic");

            assertThat(metersOf(meters, "orders")).isEmpty();
            assertThat(metersOf(meters, "programmatic")).isEmpty();
            assertThat(metersOf(meters, "payments")).as("other channels keep theirs").isNotEmpty();
        });
    }

    @Test
    void metersAreRemovedWhenTheContextCloses() {
        runner.run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(metersOf(meters, "orders")).isNotEmpty();

            context.close();

            assertThat(metersOf(meters, "orders")).isEmpty();
        });
    }

    @Test
    void timersAreOffByDefault() {
        runner.run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.find("channel.send.blocked").timers()).isEmpty();
            assertThat(meters.find("channel.receive.blocked").timers()).isEmpty();
            assertThat(meters.find("channel.buffer.wait").timers()).isEmpty();
        });
    }

    @Test
    void blockedTimersRecordOperationsThatWaited() {
        runner.withPropertyValues("channels.metrics.timers.blocked=true", "channels.instances.handoff.capacity=0")
                .run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    Channel<String> handoff = channel(context, "handoff");
                    Thread receiver = Thread.ofVirtual().start(() -> {
                        try {
                            handoff.receive();
                        } catch (InterruptedException ended) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    await().atMost(Duration.ofSeconds(30)).until(() -> handoff.stats().waitingReceivers() == 1);
                    handoff.send("value");
                    receiver.join();

                    Timer receiveBlocked = meters.get("channel.receive.blocked").tag("name", "handoff").timer();
                    assertThat(receiveBlocked.count()).isEqualTo(1);
                    assertThat(receiveBlocked.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
                    assertThat(meters.get("channel.send.blocked").tag("name", "handoff").timer()).isNotNull();
                    assertThat(meters.find("channel.buffer.wait").timers()).isEmpty();
                });
    }

    @Test
    void bufferWaitTimerRecordsHowLongValuesWaited() {
        runner.withPropertyValues("channels.metrics.timers.buffer-wait=true").run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            Channel<String> orders = channel(context, "orders");
            orders.send("a");
            Thread.sleep(5);
            orders.receive();

            Timer bufferWait = meters.get("channel.buffer.wait").tag("name", "orders").timer();
            assertThat(bufferWait.count()).isEqualTo(1);
            assertThat(bufferWait.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(4);
            assertThat(meters.find("channel.send.blocked").timers()).isEmpty();
        });
    }

    @Test
    void listenerFailuresAreCounted() {
        runner.withBean("failing", FailingListener.class).run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            FunctionCounter failures = meters.get("channel.listener.failures")
                    .tags("name", "orders", "listener", "failing.handle").functionCounter();
            assertThat(failures.count()).isZero();

            Channel<String> orders = channel(context, "orders");
            orders.send("bad");
            orders.send("bad");

            await().atMost(Duration.ofSeconds(30)).until(() -> failures.count() == 2);
        });
    }

    @Test
    void listenerMetersTimeEachOutcomeAndCountRetriesDeadLettersActiveValuesAndThePause() {
        runner.withPropertyValues("channels.instances.orders.capacity=8", "channels.instances.orders-dead.capacity=8",
                "channels.instances.orders.listener.retry.max-attempts=2", "channels.instances.orders.listener.retry.backoff=0ms",
                "channels.instances.orders.listener.dead-letter=orders-dead")
                .withBean("gated", GatedListener.class).run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    GatedListener listener = context.getBean(GatedListener.class);
                    ChannelListenerRegistry registry = context.getBean(ChannelListenerRegistry.class);
                    String[] tags = { "name", "orders", "listener", "gate" };
                    Channel<String> orders = channel(context, "orders");

                    orders.send("good");
                    orders.send("bad");
                    orders.send("held");
                    await().atMost(Duration.ofSeconds(30)).until(() -> listener.holding.getCount() == 0);

                    Timer success = meters.get("channel.listener.handled").tags(tags).tag("outcome", "success").timer();
                    Timer failure = meters.get("channel.listener.handled").tags(tags).tag("outcome", "failure").timer();
                    assertThat(success.count()).isEqualTo(1);
                    assertThat(failure.count()).isEqualTo(1);
                    assertThat(meters.get("channel.listener.retries").tags(tags).functionCounter().count()).isEqualTo(1);
                    assertThat(meters.get("channel.listener.dead.letters").tags(tags).functionCounter().count()).isEqualTo(1);
                    assertThat(meters.get("channel.listener.failures").tags(tags).functionCounter().count()).isEqualTo(1);
                    Gauge active = meters.get("channel.listener.active").tags(tags).gauge();
                    Gauge paused = meters.get("channel.listener.paused").tags(tags).gauge();
                    assertThat(active.value()).as("the value it holds").isEqualTo(1);
                    assertThat(paused.value()).isZero();

                    registry.pause("gate");
                    assertThat(paused.value()).isEqualTo(1);
                    listener.release.countDown();
                    await().atMost(Duration.ofSeconds(30)).until(() -> active.value() == 0);
                    assertThat(success.count()).isEqualTo(2);
                    registry.resume("gate");
                    assertThat(paused.value()).isZero();
                });
    }

    @Test
    void managementMetricsEnableChannelFalseTurnsThemOff() {
        runner.withPropertyValues("management.metrics.enable.channel=false", "channels.metrics.timers.blocked=true")
                .run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.find("channel.size").meters()).isEmpty();
                    assertThat(meters.getMeters()).noneMatch(meter -> meter.getId().getName().startsWith("channel."));
                });
    }

    @Test
    void backsOffWithoutMicrometer() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, ChannelsMetricsAutoConfiguration.class))
                .withPropertyValues("channels.instances.orders.capacity=4")
                .withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.micrometer")).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(ChannelMetrics.class);
            assertThat(context).hasBean("orders");
        });
    }

    @Test
    void backsOffWithoutAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, ChannelsMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ChannelMetrics.class));
    }

    @Test
    void backsOffFromTheApplicationsOwnBinder() {
        runner.withBean("myChannelMetrics", ChannelMetrics.class, () -> new ChannelMetrics(new ChannelRegistry(), null, false, false))
                .run(context -> assertThat(context).getBean(ChannelMetrics.class).isSameAs(context.getBean("myChannelMetrics")));
    }

    @SuppressWarnings("unchecked")
    private static <T> Channel<T> channel(AssertableApplicationContext context, String name) {
        return context.getBean(name, Channel.class);
    }

    private static Gauge gauge(MeterRegistry meters, String meter, String channel) {
        return meters.get(meter).tag("name", channel).gauge();
    }

    private static FunctionCounter counter(MeterRegistry meters, String meter, String channel, String... tags) {
        return meters.get(meter).tag("name", channel).tags(tags).functionCounter();
    }

    private static double closeEvents(MeterRegistry meters, String channel, String cause) {
        return meters.get("channel.close.events").tags("name", channel, "cause", cause).counter().count();
    }

    private static java.util.List<Meter> metersOf(MeterRegistry meters, String channel) {
        return meters.getMeters().stream().filter(meter -> channel.equals(meter.getId().getTag("name"))).toList();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnChannelConfiguration {
        @Bean
        Channel<String> payments() {
            return Channel.buffered(2);
        }
    }

    static class FailingListener {
        @ChannelListener(channel = "orders")
        void handle(String value) {
            throw new IllegalStateException("cannot handle " + value);
        }
    }

    /** Handles 'good', fails on 'bad', holds 'held' until released. */
    static class GatedListener {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @ChannelListener(channel = "orders", id = "gate")
        void handle(String value) throws InterruptedException {
            if (value.equals("bad")) {
                throw new IllegalStateException("bad");
            }
            if (value.equals("held")) {
                holding.countDown();
                release.await();
            }
        }
    }
}
