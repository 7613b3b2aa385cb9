package dev.channels.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.autoconfigure.ChannelsMetricsAutoConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A listener that throws on every other value: the channel keeps flowing (every value is
 * received once, the good ones handled, the listener's threads still running), and every failure
 * is counted, by the container and by the {@code channel.listener.failures} meter.
 */
class ChannelListenerFailureTests {
    private static final int VALUES = 20_000;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, ChannelsMetricsAutoConfiguration.class,
                    MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class))
            .withPropertyValues("channels.instances.orders.capacity=16", "channels.shutdown.timeout=10s")
            .withBean("flakyConsumer", FlakyConsumer.class);

    /** Each failure is logged with its stack trace (see ChannelListenerTests); 10,000 of them would flood the build log. */
    @BeforeEach
    void quiet() {
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel(ChannelListenerContainer.class.getName(), LogLevel.OFF);
    }

    @AfterEach
    void loud() {
        LoggingSystem.get(getClass().getClassLoader()).setLogLevel(ChannelListenerContainer.class.getName(), null);
    }

    @Test
    void aListenerThrowingOnEveryOtherValueKeepsTheChannelFlowingAndCountsEachFailure() {
        runner.run(context -> {
            @SuppressWarnings("unchecked")
            Channel<Integer> orders = context.getBean("orders", Channel.class);
            FlakyConsumer consumer = context.getBean(FlakyConsumer.class);
            ChannelListenerContainer container = context.getBean(ChannelListenerRegistry.class).containers().get(0);
            FunctionCounter failures = context.getBean(MeterRegistry.class).get("channel.listener.failures")
                    .tags("name", "orders", "listener", "flakyConsumer.handle").functionCounter();

            long started = System.nanoTime();
            for (int i = 0; i < VALUES; i++) {
                orders.send(i); // blocks whenever the 16-value buffer is full: only a flowing channel lets this finish
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> consumer.calls.get() == VALUES);
            long took = System.nanoTime() - started;
            // The last values are still in the threads' hands when their calls are counted: wait until
            // every call's outcome (handled or failed) is counted too.
            await().atMost(Duration.ofSeconds(30)).until(() -> container.handled() + container.failures() == VALUES);

            assertThat(consumer.handled).hasSize(VALUES / 2).allSatisfy((v, n) -> {
                assertThat(v % 2).as("only even values are handled").isZero();
                assertThat(n).as("value %d handled once", v).isEqualTo(1);
            });
            assertThat(container.failures()).isEqualTo(VALUES / 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> failures.count() == VALUES / 2);
            assertThat(orders.stats().received()).isEqualTo(VALUES);
            assertThat(container.isRunning()).as("the listener goes on after its failures").isTrue();

            orders.send(VALUES); // and still takes more
            await().atMost(Duration.ofSeconds(30)).until(() -> consumer.handled.containsKey(VALUES));
            System.out.printf("[verify] listener failing on every other value: %d values, %d failures counted, in %d ms%n",
                    VALUES, container.failures(), took / 1_000_000);
        });
    }

    static class FlakyConsumer {
        final AtomicLong calls = new AtomicLong();
        final Map<Integer, Integer> handled = new ConcurrentHashMap<>();

        @ChannelListener(channel = "orders", concurrency = 4)
        void handle(Integer value) {
            calls.incrementAndGet();
            if (value % 2 != 0) {
                throw new IllegalStateException("cannot handle odd value " + value);
            }
            handled.merge(value, 1, Integer::sum);
        }
    }
}
