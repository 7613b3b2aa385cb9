package dev.channels.spring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.ChannelStats;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.registry.ChannelRegistry;
import dev.channels.spring.registry.ChannelRegistryObserver;
import dev.channels.spring.registry.CloseCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class ChannelsLifecycleTests {
    /** Bounds a hang; nothing here waits this long when it works. */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class));

    @Test
    void shutdownStopsIntakeAndListenersDrainEveryBufferedValue(CapturedOutput output) {
        runner.withPropertyValues("channels.instances.orders.capacity=200", "channels.shutdown.timeout=60s")
                .withBean("slowConsumer", SlowConsumer.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> orders = context.getBean("orders", Channel.class);
                    SlowConsumer consumer = context.getBean(SlowConsumer.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    orders.onClose(stats -> consumer.gate.countDown()); // the consumer holds back until the shutdown
                    for (int i = 0; i < 100; i++) {
                        orders.send(i);
                    }
                    assertThat(orders.size()).as("values are still buffered when the context closes").isGreaterThanOrEqualTo(99);

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
                    // At least the timeout (load cannot shorten it); the 30 s only bounds a hang.
                    // ChannelsShutdownTimingTests checks the tight bound in the long profile.
                    assertThat(took).isBetween(Duration.ofMillis(250), WAIT);
                    await().atMost(WAIT).until(() -> consumer.interrupted);
                    assertThat(output).contains("Channel 'idle' was closed at shutdown with 3 values left unconsumed")
                            .contains("Channel 'stuck' was closed at shutdown with 4 values left unconsumed")
                            .contains("were interrupted: [stuckConsumer.handle]");
                });
    }

    @Test
    void channelsWithoutListenersDoNotHoldShutdownUp() {
        runner.withPropertyValues("channels.instances.idle.capacity=10", "channels.shutdown.timeout=10m").run(context -> {
            @SuppressWarnings("unchecked")
            Channel<Integer> idle = context.getBean("idle", Channel.class);
            idle.send(1);
            ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);

            context.close();

            ShutdownReport report = lifecycle.lastReport().orElseThrow();
            // Waiting for the channel would take the 10 minutes; a minute only bounds a slow machine.
            // ChannelsShutdownTimingTests checks the tight bound in the long profile.
            assertThat(report.duration()).isLessThan(Duration.ofMinutes(1));
            assertThat(report.leftOver()).containsExactly(java.util.Map.entry("idle", 1));
        });
    }

    @Test
    void aPipelineDrainsFrontToBackInTheDeclaredOrderAndTheRestClosesAfterIt(CapturedOutput output) {
        runner.withPropertyValues("channels.instances.orders.capacity=100", "channels.instances.payments.capacity=0",
                "channels.instances.notifications.capacity=10", "channels.instances.audit.capacity=10",
                "channels.instances.orders.element-type=java.lang.Integer",
                "channels.instances.payments.element-type=java.lang.Integer",
                "channels.instances.notifications.element-type=java.lang.Integer",
                "channels.shutdown.order=orders,payments,notifications", "channels.shutdown.timeout=60s")
                .withBean("pipeline", Pipeline.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> orders = context.getBean("orders", Channel.class);
                    Pipeline pipeline = context.getBean(Pipeline.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    List<ChannelListenerContainer> listeners = context.getBean(ChannelListenerRegistry.class).containers();
                    CloseEvents closes = new CloseEvents();
                    context.getBean(ChannelRegistry.class).addObserver(closes);
                    for (int i = 0; i < 100; i++) {
                        orders.send(i);
                    }

                    context.close();

                    assertThat(pipeline.notified).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 100).boxed().toList());
                    assertThat(closes.names).containsExactly("orders", "payments", "notifications", "audit");
                    assertThat(listeners).hasSize(3).allSatisfy(listener -> {
                        assertThat(listener.failures()).isZero();
                        assertThat(listener.unfinished()).isZero();
                    });
                    assertThat(lifecycle.lastReport().orElseThrow().complete()).isTrue();
                    assertThat(output).doesNotContain("ERROR").contains("Channels closed and drained in");
                });
    }

    @Test
    void aListedChannelIsDrainedByConsumersThatAreNotListenersToo() {
        runner.withPropertyValues("channels.instances.jobs.capacity=50", "channels.shutdown.order=jobs",
                "channels.shutdown.timeout=60s").run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> jobs = context.getBean("jobs", Channel.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    List<Integer> done = new CopyOnWriteArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        jobs.send(i);
                    }
                    Thread consumer = Thread.ofVirtual().start(() -> {
                        for (Integer job : jobs) {
                            try {
                                Thread.sleep(2);
                            } catch (InterruptedException stop) {
                                return;
                            }
                            done.add(job);
                        }
                    });

                    context.close();

                    ShutdownReport report = lifecycle.lastReport().orElseThrow();
                    assertThat(report.leftOver()).isEmpty();
                    assertThat(jobs.isDrained()).isTrue();
                    assertThat(consumer.join(WAIT)).isTrue();
                    assertThat(done).hasSize(50);
                });
    }

    @Test
    void aLoopContainerBeanOfAListedChannelIsWaitedForUntilItHasHandledItsLastValue(CapturedOutput output) {
        runner.withPropertyValues("channels.instances.payments.capacity=50", "channels.instances.notifications.capacity=50",
                "channels.instances.payments.element-type=java.lang.Integer",
                "channels.instances.notifications.element-type=java.lang.Integer",
                "channels.shutdown.order=payments,notifications", "channels.shutdown.timeout=60s")
                .withUserConfiguration(BatchingStage.class)
                .withBean("notifier", Notifier.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> payments = context.getBean("payments", Channel.class);
                    Notifier notifier = context.getBean(Notifier.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    assertThat(context.getBean(ChannelListenerRegistry.class).containers())
                            .extracting(ChannelListenerContainer::id).containsExactlyInAnyOrder("batcher", "notifier.handle");
                    for (int i = 0; i < 45; i++) {
                        payments.send(i);
                    }

                    context.close();

                    assertThat(notifier.notified).hasSize(45);
                    assertThat(lifecycle.lastReport().orElseThrow().complete()).isTrue();
                    assertThat(output).doesNotContain("ERROR");
                });
    }

    @Test
    void theTimeoutIsSharedAndAStageThatDoesNotDrainInTimeDoesNotHoldTheRestBack(CapturedOutput output) {
        runner.withPropertyValues("channels.instances.stuck.capacity=10", "channels.instances.next.capacity=10",
                "channels.shutdown.order=stuck,next", "channels.shutdown.timeout=300ms")
                .withBean("stuckConsumer", StuckConsumer.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> stuck = context.getBean("stuck", Channel.class);
                    @SuppressWarnings("unchecked")
                    Channel<Integer> next = context.getBean("next", Channel.class);
                    StuckConsumer consumer = context.getBean(StuckConsumer.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    for (int i = 0; i < 3; i++) {
                        stuck.send(i);
                    }
                    next.send(1);
                    next.send(2);
                    consumer.started.await();

                    long started = System.nanoTime();
                    context.close();
                    Duration took = Duration.ofNanos(System.nanoTime() - started);

                    ShutdownReport report = lifecycle.lastReport().orElseThrow();
                    // At least the timeout; the 30 s only bounds a hang. That the two stages share the timeout,
                    // rather than wait one each, shows in the one warning below; ChannelsShutdownTimingTests
                    // checks the tight bound in the long profile.
                    assertThat(took).isBetween(Duration.ofMillis(250), WAIT);
                    assertThat(next.isClosed()).isTrue();
                    assertThat(report.leftOver()).containsExactly(Map.entry("next", 2), Map.entry("stuck", 2));
                    assertThat(report.interruptedListeners()).containsExactly("stuckConsumer.handle");
                    assertThat(output).containsOnlyOnce("was not drained within the shutdown timeout")
                            .contains("Channel 'stuck' was not drained within the shutdown timeout (PT0.3S); the channels"
                                    + " after it in channels.shutdown.order and the rest are closed without waiting");
                });
    }

    @Test
    void anUnknownChannelInTheOrderFailsStartUpNamingTheEntryAndTheValue() {
        runner.withPropertyValues("channels.instances.orders.capacity=1", "channels.instances.payments.capacity=1",
                "channels.shutdown.order=orders,paymnts")
                .withBean("slowConsumer", SlowConsumer.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, failure -> {
                            assertThat(failure.getName()).isEqualTo("channels.shutdown.order[1]");
                            assertThat(failure.getValue()).isEqualTo("paymnts");
                            assertThat(failure.getReason()).contains("There is no channel named 'paymnts'")
                                    .contains("the channels are [orders, payments]");
                        }));
    }

    @Test
    void aChannelListedTwiceFailsStartUp() {
        runner.withPropertyValues("channels.instances.orders.capacity=1", "channels.shutdown.order=orders,orders")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, failure -> {
                            assertThat(failure.getName()).isEqualTo("channels.shutdown.order[1]");
                            assertThat(failure.getReason()).contains("already listed as channels.shutdown.order[0]");
                        }));
    }

    @Test
    void whatTheShutdownDoesToAListenerIsNotAListenerFailure(CapturedOutput output) {
        runner.withPropertyValues("channels.instances.in.capacity=50", "channels.instances.out.capacity=50",
                "channels.instances.in.element-type=java.lang.Integer",
                "channels.instances.out.element-type=java.lang.Integer", "channels.shutdown.timeout=60s")
                .withBean("forwarder", Forwarder.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> in = context.getBean("in", Channel.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    ChannelListenerContainer forwarder = context.getBean(ChannelListenerRegistry.class).containers().get(0);
                    for (int i = 0; i < 20; i++) {
                        in.send(i);
                    }

                    // Without an order, 'out' closes with 'in', under the forwarder's sends: the forwarder
                    // waits for that, so whatever the scheduling it is cut short on every value it takes.
                    context.close();

                    ShutdownReport report = lifecycle.lastReport().orElseThrow();
                    assertThat(forwarder.failures()).isZero();
                    assertThat(forwarder.unfinished()).isPositive();
                    assertThat(report.unfinished()).containsOnlyKeys("forwarder.handle");
                    assertThat(report.complete()).isFalse();
                    assertThat(output).doesNotContain("ERROR").doesNotContain("failed to handle")
                            .contains("Listener forwarder.handle did not finish a value from channel 'in': the application"
                                    + " is shutting down (dev.channels.ChannelClosedException: channel 'out' is closed)")
                            .contains("Listener forwarder.handle was cut short by the shutdown");
                });
    }

    @Test
    void aListenerInterruptedAfterTheTimeoutIsNotAListenerFailure(CapturedOutput output) {
        runner.withPropertyValues("channels.instances.stuck.capacity=10", "channels.shutdown.timeout=200ms")
                .withBean("sleepingConsumer", SleepingConsumer.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> stuck = context.getBean("stuck", Channel.class);
                    SleepingConsumer consumer = context.getBean(SleepingConsumer.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    ChannelListenerContainer listener = context.getBean(ChannelListenerRegistry.class).containers().get(0);
                    stuck.send(1);
                    consumer.started.await();

                    context.close();

                    assertThat(listener.failures()).isZero();
                    assertThat(lifecycle.lastReport().orElseThrow().unfinished()).containsExactly(Map.entry("sleepingConsumer.handle", 1L));
                    assertThat(output).doesNotContain("ERROR").contains("were interrupted: [sleepingConsumer.handle]");
                });
    }

    @Test
    void aListenerThatIsStillBusyWhenTheReportIsWrittenIsReportedWithTheValueItHoldsAndCountedOnce(CapturedOutput output) {
        runner.withPropertyValues("channels.instances.stuck.capacity=10", "channels.shutdown.timeout=200ms")
                .withBean("deafConsumer", DeafConsumer.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> stuck = context.getBean("stuck", Channel.class);
                    DeafConsumer consumer = context.getBean(DeafConsumer.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    ChannelListenerContainer listener = context.getBean(ChannelListenerRegistry.class).containers().get(0);
                    stuck.send(1);
                    stuck.send(2);
                    consumer.started.await();

                    // The listener ignores the interrupt: it still holds its value when the report is written.
                    context.close();

                    ShutdownReport report = lifecycle.lastReport().orElseThrow();
                    assertThat(report.unfinished()).containsExactly(Map.entry("deafConsumer.handle", 1L));
                    assertThat(report.leftOver()).containsExactly(Map.entry("stuck", 1));
                    assertThat(report.interruptedListeners()).containsExactly("deafConsumer.handle");
                    assertThat(listener.isRunning()).as("still busy after the report").isTrue();
                    assertThat(listener.active()).isEqualTo(1);

                    consumer.release.countDown(); // it now ends with an InterruptedException, which it kept
                    assertThat(listener.awaitTermination(WAIT)).isTrue();
                    assertThat(listener.unfinished()).as("counted once, by the report").isEqualTo(1);
                    assertThat(listener.failures()).isZero();
                    assertThat(listener.active()).isZero();
                    assertThat(output).contains("Listener deafConsumer.handle was cut short by the shutdown once")
                            .contains("Listeners still running 1000 ms after they were interrupted: [deafConsumer.handle]");
                });
    }

    @Test
    void aShutdownDuringABackOffEndsItPromptlyAndReportsTheValueUnfinished(CapturedOutput output) {
        // The back-off (an hour) outlasts the shutdown's timeout (five minutes): it is cut short at
        // once. Were it waited out, the timeout would pass and the listener would be interrupted.
        runner.withPropertyValues("channels.instances.retried.capacity=10", "channels.instances.retried-dead.capacity=10",
                "channels.instances.retried.listener.retry.max-attempts=5",
                "channels.instances.retried.listener.retry.backoff=1h",
                "channels.instances.retried.listener.retry.max-backoff=1h",
                "channels.instances.retried.listener.dead-letter=retried-dead", "channels.shutdown.timeout=5m")
                .withBean("patientConsumer", PatientConsumer.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> retried = context.getBean("retried", Channel.class);
                    @SuppressWarnings("unchecked")
                    Channel<Object> dead = context.getBean("retried-dead", Channel.class);
                    PatientConsumer consumer = context.getBean(PatientConsumer.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    ChannelListenerContainer listener = context.getBean(ChannelListenerRegistry.class).containers().get(0);
                    retried.send(1);
                    assertThat(consumer.failed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

                    context.close(); // returns: the back-off does not hold it

                    ShutdownReport report = lifecycle.lastReport().orElseThrow();
                    assertThat(report.unfinished()).containsExactly(Map.entry("patientConsumer.handle", 1L));
                    assertThat(report.interruptedListeners()).as("it ended on its own, before the timeout").isEmpty();
                    assertThat(report.leftOver()).isEmpty();
                    assertThat(report.complete()).isFalse();
                    assertThat(consumer.calls).as("no attempt after the cut").hasValue(1);
                    assertThat(listener.failures()).isZero();
                    assertThat(listener.deadLettered()).isZero();
                    assertThat(dead.size()).isZero();
                    assertThat(output).doesNotContain("failed to handle").contains("Listener patientConsumer.handle did not finish a value"
                            + " from channel 'retried': the application is shutting down (its retries were cut short");
                });
    }

    @Test
    void aBackOffThatEndsBeforeTheShutdownTimeoutRunsItsCourseAndTheValueIsHandled() {
        // Two seconds of back-off against ten minutes of timeout: the shutdown, begun during the
        // back-off, waits for it and for the attempt after it.
        runner.withPropertyValues("channels.instances.retried.capacity=10",
                "channels.instances.retried.listener.retry.max-attempts=3",
                "channels.instances.retried.listener.retry.backoff=2s", "channels.shutdown.timeout=10m")
                .withBean("flakyConsumer", FlakyConsumer.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> retried = context.getBean("retried", Channel.class);
                    FlakyConsumer consumer = context.getBean(FlakyConsumer.class);
                    ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);
                    ChannelListenerContainer listener = context.getBean(ChannelListenerRegistry.class).containers().get(0);
                    retried.send(1);
                    assertThat(consumer.failed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

                    context.close();

                    ShutdownReport report = lifecycle.lastReport().orElseThrow();
                    assertThat(report.complete()).as(report.toString()).isTrue();
                    assertThat(consumer.handled).containsExactly(1);
                    assertThat(listener.handled()).isEqualTo(1);
                    assertThat(listener.retries()).isEqualTo(1);
                    assertThat(listener.unfinished()).isZero();
                });
    }

    @Test
    void aNegativeOrMissingTimeoutIsRefusedNamingThePropertyWhoeverBuildsTheLifecycle() {
        ChannelRegistry channels = new ChannelRegistry();
        ChannelListenerRegistry listeners = new ChannelListenerRegistry();

        assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
                .isThrownBy(() -> new ChannelsLifecycle(channels, listeners, Duration.ofSeconds(-1)))
                .satisfies(failure -> {
                    assertThat(failure.getName()).isEqualTo("channels.shutdown.timeout");
                    assertThat(failure.getValue()).isEqualTo(Duration.ofSeconds(-1));
                    assertThat(failure.getReason()).isEqualTo("The shutdown timeout must be zero or more");
                });
        assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
                .isThrownBy(() -> new ChannelsLifecycle(channels, listeners, null, List.of()))
                .satisfies(failure -> assertThat(failure.getName()).isEqualTo("channels.shutdown.timeout"));
        assertThat(new ChannelsLifecycle(channels, listeners, Duration.ZERO).isRunning()).isFalse();
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
        final CountDownLatch gate = new CountDownLatch(1);
        final List<Integer> handled = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders")
        void handle(Integer value) throws InterruptedException {
            gate.await(WAIT.toSeconds(), TimeUnit.SECONDS);
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

    static class Pipeline {
        final List<Integer> notified = new CopyOnWriteArrayList<>();
        private final Channel<Integer> payments;
        private final Channel<Integer> notifications;

        Pipeline(@Qualifier("payments") Channel<Integer> payments, @Qualifier("notifications") Channel<Integer> notifications) {
            this.payments = payments;
            this.notifications = notifications;
        }

        @ChannelListener(channel = "orders", concurrency = 2)
        void validate(Integer order) throws InterruptedException {
            Thread.sleep(1);
            payments.send(order);
        }

        @ChannelListener(channel = "payments")
        void pay(Integer order) throws InterruptedException {
            Thread.sleep(1);
            notifications.send(order);
        }

        @ChannelListener(channel = "notifications")
        void notify(Integer order) throws InterruptedException {
            Thread.sleep(1);
            notified.add(order);
        }
    }

    /** Charges payments ten at a time, each batch slowly, and passes them on: a consumer that is not a listener. */
    @Configuration(proxyBeanMethods = false)
    static class BatchingStage {
        @Bean
        ChannelListenerContainer batcher(@Qualifier("payments") Channel<Integer> payments,
                @Qualifier("notifications") Channel<Integer> notifications) {
            return ChannelListenerContainer.loop("batcher", payments, 1, channel -> {
                List<Integer> batch = new ArrayList<>();
                while (true) {
                    try {
                        batch.add(channel.receive());
                    } catch (ChannelClosedException drained) {
                        charge(batch, notifications);
                        return;
                    }
                    if (batch.size() == 10) {
                        charge(batch, notifications);
                    }
                }
            });
        }

        private static void charge(List<Integer> batch, Channel<Integer> notifications) throws InterruptedException {
            Thread.sleep(50);
            for (Integer payment : batch) {
                notifications.send(payment);
            }
            batch.clear();
        }
    }

    static class Notifier {
        final List<Integer> notified = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "notifications")
        void handle(Integer payment) {
            notified.add(payment);
        }
    }

    /** Forwards from 'in' to 'out', but only once 'out' is closed: every value it takes is cut short. */
    static class Forwarder {
        private final Channel<Integer> out;
        private final CountDownLatch outClosed = new CountDownLatch(1);

        Forwarder(@Qualifier("out") Channel<Integer> out) {
            this.out = out;
            out.onClose(stats -> outClosed.countDown());
        }

        @ChannelListener(channel = "in")
        void handle(Integer value) throws InterruptedException {
            outClosed.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            out.send(value);
        }
    }

    static class SleepingConsumer {
        final CountDownLatch started = new CountDownLatch(1);

        @ChannelListener(channel = "stuck")
        void handle(Integer value) throws InterruptedException {
            started.countDown();
            Thread.sleep(Duration.ofMinutes(1));
        }
    }

    /** Fails every value, so that it waits in a back-off between attempts. */
    static class PatientConsumer {
        final CountDownLatch failed = new CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        @ChannelListener(channel = "retried")
        void handle(Integer value) {
            calls.incrementAndGet();
            failed.countDown();
            throw new IllegalStateException("downstream down");
        }
    }

    /** Fails each value's first attempt, then handles it. */
    static class FlakyConsumer {
        final CountDownLatch failed = new CountDownLatch(1);
        final List<Integer> handled = new CopyOnWriteArrayList<>();
        private final java.util.Set<Integer> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @ChannelListener(channel = "retried")
        void handle(Integer value) {
            if (seen.add(value)) {
                failed.countDown();
                throw new IllegalStateException("downstream down");
            }
            handled.add(value);
        }
    }

    /** Holds its value through interrupts until released, then ends with the interrupt it saw. */
    static class DeafConsumer {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @ChannelListener(channel = "stuck")
        void handle(Integer value) throws InterruptedException {
            started.countDown();
            InterruptedException seen = null;
            while (true) {
                try {
                    if (release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException interrupt) {
                    seen = interrupt;
                }
            }
            if (seen != null) {
                throw seen;
            }
        }
    }

    /** The names of channels in the order they closed. */
    static class CloseEvents implements ChannelRegistryObserver {
        final List<String> names = new CopyOnWriteArrayList<>();

        @Override
        public void channelClosed(String name, ChannelStats stats, CloseCause cause) {
            names.add(name);
        }
    }
}
