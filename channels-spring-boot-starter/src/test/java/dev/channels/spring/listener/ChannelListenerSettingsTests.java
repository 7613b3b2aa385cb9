package dev.channels.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.Order;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.listener.error.ChannelListenerErrorHandler;
import dev.channels.spring.listener.error.DeadLetter;
import dev.channels.spring.listener.error.ListenerFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.NestedExceptionUtils;

/**
 * What {@code @ChannelListener}'s attributes (id, autoStartup, batchSize, batchTimeout,
 * errorHandler) and the listener settings of {@code channels.*} (retries, dead letters,
 * auto-startup) do in an application, and how each bad value fails start-up naming the method or
 * the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChannelListenerSettingsTests {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class))
            .withPropertyValues("channels.instances.orders.capacity=64", "channels.instances.orders-dead.capacity=64",
                    "channels.shutdown.timeout=5s");

    @Test
    void theIdNamesTheListenerInTheRegistryAndTheDefaultIsBeanDotMethod() {
        runner.withPropertyValues("app.id=configured").withBean("named", NamedConsumers.class).run(context -> {
            ChannelListenerRegistry registry = context.getBean(ChannelListenerRegistry.class);

            assertThat(registry.containers()).extracting(ChannelListenerContainer::id)
                    .containsExactlyInAnyOrder("validator", "configured", "named.unnamed");
            assertThat(registry.state("validator")).isEqualTo(ListenerState.RUNNING);
        });
    }

    @Test
    void autoStartupFalseLeavesTheValuesInTheChannelUntilTheListenerIsStartedById() {
        runner.withPropertyValues("app.consume=false").withBean("manual", ManualConsumer.class).run(context -> {
            @SuppressWarnings("unchecked")
            Channel<String> orders = context.getBean("orders", Channel.class);
            ManualConsumer consumer = context.getBean(ManualConsumer.class);
            ChannelListenerRegistry registry = context.getBean(ChannelListenerRegistry.class);
            for (int i = 0; i < 5; i++) {
                orders.send("o-" + i);
            }

            assertThat(registry.state("manual")).isEqualTo(ListenerState.STOPPED);
            assertThat(orders.size()).isEqualTo(5);
            assertThat(consumer.handled).isEmpty();

            registry.start("manual");

            await().atMost(WAIT).until(() -> consumer.handled.size() == 5);
            assertThat(orders.size()).isZero();
        });
    }

    @Test
    void channelsListenersAutoStartupFalseHoldsEveryListenerThatDoesNotSayOtherwise() {
        runner.withPropertyValues("channels.listeners.auto-startup=false", "app.consume=true")
                .withBean("manual", ManualConsumer.class).withBean("failing", FlakyConsumer.class).run(context -> {
                    ChannelListenerRegistry registry = context.getBean(ChannelListenerRegistry.class);

                    assertThat(registry.state("failing.handle")).isEqualTo(ListenerState.STOPPED);
                    assertThat(registry.state("manual")).as("its own autoStartup wins").isEqualTo(ListenerState.RUNNING);
                });
    }

    @Test
    void aBatchListenerGetsFullBatchesUnderLoadAndAPartialOneAfterTheTimeout() {
        runner.withPropertyValues("channels.instances.payments.capacity=100",
                "channels.instances.payments.element-type=dev.channels.spring.Order")
                .withBean("charger", BatchConsumer.class).run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Order> payments = context.getBean("payments", Channel.class);
                    BatchConsumer consumer = context.getBean(BatchConsumer.class);
                    for (int i = 0; i < 23; i++) {
                        payments.send(new Order("p-" + i));
                    }

                    context.getBean(ChannelListenerRegistry.class).start("charger");

                    await().atMost(WAIT).until(() -> consumer.batches.size() == 3);
                    assertThat(consumer.batches).extracting(List::size).containsExactly(10, 10, 3);
                    assertThat(context.getBean(ChannelListenerRegistry.class).require("charger"))
                            .isInstanceOfSatisfying(BatchListenerContainer.class, batches -> {
                                assertThat(batches.batchSize()).isEqualTo(10);
                                assertThat(batches.batchTimeout()).isEqualTo(Duration.ofMillis(50));
                            });
                });
    }

    @Test
    void aValueFailingTwiceThenSucceedingIsHandledOnceWithTwoRetriesFromTheChannelsRetrySettings() {
        runner.withPropertyValues("channels.defaults.listener.retry.max-attempts=5",
                "channels.instances.orders.listener.retry.max-attempts=3",
                "channels.instances.orders.listener.retry.backoff=1ms",
                "channels.instances.orders.listener.retry.multiplier=2",
                "channels.instances.orders.listener.retry.max-backoff=4ms")
                .withBean("failing", FlakyConsumer.class).run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<String> orders = context.getBean("orders", Channel.class);
                    FlakyConsumer consumer = context.getBean(FlakyConsumer.class);
                    ChannelListenerContainer listener = context.getBean(ChannelListenerRegistry.class).require("failing.handle");

                    orders.send("twice");

                    // The value is counted just after the listener returned from it.
                    await().atMost(WAIT).until(() -> consumer.handled.contains("twice") && listener.handled() == 1);
                    assertThat(consumer.calls).hasValue(3);
                    assertThat(listener.retries()).isEqualTo(2);
                    assertThat(listener.failures()).isZero();
                    assertThat(((ValueListenerContainer<?>) listener).retrySettings().maxBackoff())
                            .isEqualTo(Duration.ofMillis(4));
                });
    }

    @Test
    void aValueThatAlwaysFailsLandsInTheConfiguredDeadLetterChannelAfterMaxAttempts() {
        runner.withPropertyValues("channels.instances.orders.listener.retry.max-attempts=2",
                "channels.instances.orders.listener.retry.backoff=0ms",
                "channels.instances.orders.listener.dead-letter=orders-dead")
                .withBean("broken", BrokenConsumer.class).run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<String> orders = context.getBean("orders", Channel.class);
                    @SuppressWarnings("unchecked")
                    Channel<DeadLetter<?>> dead = context.getBean("orders-dead", Channel.class);

                    orders.send("bad");

                    DeadLetter<?> letter = dead.receive(WAIT);
                    assertThat(letter.value()).isEqualTo("bad");
                    assertThat(letter.attempts()).isEqualTo(2);
                    assertThat(letter.channel()).isEqualTo("orders");
                    assertThat(letter.listenerId()).isEqualTo("broken.handle");
                    assertThat(letter.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
                    assertThat(letter.exceptionMessage()).isEqualTo("broken on bad");
                    ChannelListenerContainer listener = context.getBean(ChannelListenerRegistry.class).require("broken.handle");
                    await().atMost(WAIT).until(() -> listener.failures() == 1);
                    assertThat(listener.deadLettered()).isEqualTo(1);
                });
    }

    @Test
    void theApplicationsErrorHandlerBeanReplacesTheDefaultAndANamedOneWinsForItsListener(CapturedOutput output) {
        runner.withPropertyValues("channels.instances.orders.listener.dead-letter=orders-dead",
                "channels.instances.audit.capacity=8")
                .withUserConfiguration(ErrorHandlers.class)
                .withBean("broken", BrokenConsumer.class).withBean("named", NamedHandlerConsumer.class).run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<String> orders = context.getBean("orders", Channel.class);
                    @SuppressWarnings("unchecked")
                    Channel<String> audit = context.getBean("audit", Channel.class);
                    ErrorHandlers handlers = context.getBean(ErrorHandlers.class);

                    orders.send("bad");
                    audit.send("worse");

                    await().atMost(WAIT).until(() -> handlers.general.size() == 1 && handlers.special.size() == 1);
                    assertThat(handlers.general.get(0).listenerId()).isEqualTo("broken.handle");
                    assertThat(handlers.special.get(0).listenerId()).isEqualTo("named.handle");
                    assertThat(context.getBean("orders-dead", Channel.class).size()).as("the handler replaced dead-lettering")
                            .isZero();
                    assertThat(output).doesNotContain("WARN");
                });
    }

    @Test
    void theDefaultLogForAFailedValueIsOneWarnLine(CapturedOutput output) {
        runner.withBean("broken", BrokenConsumer.class).run(context -> {
            @SuppressWarnings("unchecked")
            Channel<String> orders = context.getBean("orders", Channel.class);
            orders.send("bad");
            ChannelListenerContainer listener = context.getBean(ChannelListenerRegistry.class).require("broken.handle");
            await().atMost(WAIT).until(() -> listener.failures() == 1);

            assertThat(output).containsOnlyOnce("WARN")
                    .contains("Listener broken.handle failed to handle a value from channel 'orders':"
                            + " java.lang.IllegalStateException: broken on bad")
                    .doesNotContain("ERROR").doesNotContain("\tat ");
        });
    }

    // --- bad input --------------------------------------------------------------------------------------

    @Test
    void twoListenersWithOneIdFailStartUpNamingTheIdAndBothMethods() {
        runner.withBean("twins", TwinConsumers.class).run(context -> assertStartUpFailure(context).isInstanceOf(InvalidChannelListenerException.class)
                .hasMessageContaining("ChannelListenerSettingsTests$TwinConsumers.")
                .hasMessageContaining("its id 'twin' is the id of @ChannelListener method")
                .hasMessageContaining("(bean 'twins')"));
    }

    @Test
    void aBatchSizeBelowZeroFailsStartUpNamingTheMethod() {
        runner.withBean("negative", NegativeBatchConsumer.class).run(context -> assertStartUpFailure(context).isInstanceOf(InvalidChannelListenerException.class)
                .hasMessageContaining("NegativeBatchConsumer.handle").hasMessageContaining("batchSize is -1; it must be 1 or more"));
    }

    @Test
    void aBatchListenerWhoseParameterIsNotAListFailsStartUpNamingTheMethod() {
        runner.withBean("notAList", NotAListBatchConsumer.class).run(context -> assertStartUpFailure(context).isInstanceOf(InvalidChannelListenerException.class)
                .hasMessageContaining("NotAListBatchConsumer.handle")
                .hasMessageContaining("it takes java.lang.String, but a batch listener (batchSize = 10) takes a java.util.List"));
    }

    @Test
    void aBatchListenerOfTheWrongElementTypeFailsStartUp() {
        runner.withPropertyValues("channels.instances.payments.capacity=10",
                "channels.instances.payments.element-type=dev.channels.spring.Order")
                .withBean("wrong", WrongElementBatchConsumer.class).run(context -> assertStartUpFailure(context).isInstanceOf(InvalidChannelListenerException.class)
                        .hasMessageContaining("it takes a List of java.lang.String, but channel 'payments' carries"
                                + " dev.channels.spring.Order"));
    }

    @Test
    void aBatchTimeoutWithoutABatchSizeOrThatIsNoDurationFailsStartUp() {
        runner.withBean("lonely", TimeoutOnlyConsumer.class).run(context -> assertStartUpFailure(context).hasMessageContaining("it sets batchTimeout ('100ms') without batchSize"));
        runner.withBean("soon", BadTimeoutConsumer.class).run(context -> assertStartUpFailure(context).hasMessageContaining("batchTimeout 'soon' is 'soon', which is not a duration"));
    }

    @Test
    void anUnknownErrorHandlerBeanFailsStartUpNamingTheMethodAndTheBean() {
        runner.withUserConfiguration(ErrorHandlers.class).withBean("lost", UnknownHandlerConsumer.class)
                .run(context -> assertStartUpFailure(context)
                        .isInstanceOf(InvalidChannelListenerException.class)
                        .hasMessageContaining("UnknownHandlerConsumer.handle")
                        .hasMessageContaining("its errorHandler 'nope' is no bean; the ChannelListenerErrorHandler beans are"
                                + " [general, special]"));
        runner.withBean("notAHandler", String.class, () -> "a string").withBean("wrong", WrongHandlerConsumer.class)
                .run(context -> assertStartUpFailure(context)
                        .hasMessageContaining("its errorHandler 'notAHandler' is a java.lang.String, not a"
                                + " ChannelListenerErrorHandler"));
    }

    @Test
    void anAutoStartupThatIsNeitherTrueNorFalseFailsStartUp() {
        runner.withPropertyValues("app.consume=sometimes").withBean("manual", ManualConsumer.class)
                .run(context -> assertStartUpFailure(context)
                        .hasMessageContaining("autoStartup '${app.consume:true}' is 'sometimes', which is neither true nor false"));
    }

    @Test
    void aDeadLetterChannelThatDoesNotExistFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("channels.instances.orders.listener.dead-letter=orders-lost")
                .run(context -> assertStartUpFailure(context)
                        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, failure -> {
                            assertThat(failure.getName()).isEqualTo("channels.instances.orders.listener.dead-letter");
                            assertThat(failure.getValue()).isEqualTo("orders-lost");
                            assertThat(failure.getReason()).contains("There is no channel named 'orders-lost'");
                        }));
    }

    @Test
    void aChannelThatIsItsOwnDeadLetterChannelOrOneOfAnotherElementTypeFailsStartUp() {
        runner.withPropertyValues("channels.instances.orders.listener.dead-letter=orders")
                .run(context -> assertStartUpFailure(context)
                        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, failure -> assertThat(
                                failure.getReason()).contains("cannot be its own dead-letter channel")));
        runner.withPropertyValues("channels.instances.orders.listener.dead-letter=orders-dead",
                "channels.instances.orders-dead.element-type=dev.channels.spring.Order")
                .run(context -> assertStartUpFailure(context)
                        .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, failure -> assertThat(
                                failure.getReason()).contains("Channel 'orders-dead' carries dev.channels.spring.Order")));
    }

    @Test
    void retrySettingsOutOfRangeFailStartUpNamingThePropertyTheyCameFrom() {
        assertRetryRefused("channels.defaults.listener.retry.max-attempts", "0", "Max-attempts is 0; it must be 1 or more",
                "channels.defaults.listener.retry.max-attempts=0");
        assertRetryRefused("channels.instances.orders.listener.retry.max-attempts", "-3", "Max-attempts is -3",
                "channels.instances.orders.listener.retry.max-attempts=-3");
        assertRetryRefused("channels.instances.orders.listener.retry.backoff", "PT-1S", "Backoff is PT-1S; it must be zero or more",
                "channels.instances.orders.listener.retry.backoff=-1s");
        assertRetryRefused("channels.defaults.listener.retry.multiplier", "0.5", "Multiplier is 0.5; it must be 1.0 or more",
                "channels.defaults.listener.retry.multiplier=0.5");
        assertRetryRefused("channels.instances.orders.listener.retry.max-backoff", "PT0.01S",
                "shorter than the first backoff (PT1S)", "channels.instances.orders.listener.retry.max-backoff=10ms");
    }

    /** The most specific cause of the start-up failure: what the check threw, however Spring wrapped it. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertStartUpFailure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        return assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()));
    }

    private void assertRetryRefused(String property, String value, String reason, String... properties) {
        runner.withPropertyValues(properties).run(context -> assertStartUpFailure(context)
                .isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, failure -> {
                    assertThat(failure.getName()).isEqualTo(property);
                    assertThat(String.valueOf(failure.getValue())).isEqualTo(value);
                    assertThat(failure.getReason()).contains(reason);
                }));
    }

    // --- listeners ----------------------------------------------------------------------------------------

    static class NamedConsumers {
        @ChannelListener(channel = "orders", id = "validator")
        void validate(String value) {
        }

        @ChannelListener(channel = "orders", id = "${app.id}")
        void configured(String value) {
        }

        @ChannelListener(channel = "orders")
        void unnamed(String value) {
        }
    }

    static class ManualConsumer {
        final List<String> handled = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders", id = "manual", autoStartup = "${app.consume:true}")
        void handle(String value) {
            handled.add(value);
        }
    }

    static class BatchConsumer {
        final List<List<Order>> batches = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "payments", id = "charger", autoStartup = "false", batchSize = 10, batchTimeout = "50ms")
        void charge(List<Order> batch) {
            batches.add(batch);
        }
    }

    static class FlakyConsumer {
        final AtomicInteger calls = new AtomicInteger();
        final List<String> handled = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders")
        void handle(String value) {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("not yet");
            }
            handled.add(value);
        }
    }

    static class BrokenConsumer {
        @ChannelListener(channel = "orders")
        void handle(String value) {
            throw new IllegalStateException("broken on " + value);
        }
    }

    static class NamedHandlerConsumer {
        @ChannelListener(channel = "audit", errorHandler = "special")
        void handle(String value) {
            throw new IllegalStateException("broken on " + value);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ErrorHandlers {
        final List<ListenerFailure> general = new CopyOnWriteArrayList<>();
        final List<ListenerFailure> special = new CopyOnWriteArrayList<>();

        @Bean
        @Primary
        ChannelListenerErrorHandler general() {
            return general::add;
        }

        @Bean
        ChannelListenerErrorHandler special() {
            return special::add;
        }
    }

    static class TwinConsumers {
        @ChannelListener(channel = "orders", id = "twin")
        void first(String value) {
        }

        @ChannelListener(channel = "orders", id = "twin")
        void second(String value) {
        }
    }

    static class NegativeBatchConsumer {
        @ChannelListener(channel = "orders", batchSize = -1)
        void handle(List<String> values) {
        }
    }

    static class NotAListBatchConsumer {
        @ChannelListener(channel = "orders", batchSize = 10)
        void handle(String value) {
        }
    }

    static class WrongElementBatchConsumer {
        @ChannelListener(channel = "payments", batchSize = 10)
        void handle(List<String> values) {
        }
    }

    static class TimeoutOnlyConsumer {
        @ChannelListener(channel = "orders", batchTimeout = "100ms")
        void handle(String value) {
        }
    }

    static class BadTimeoutConsumer {
        @ChannelListener(channel = "orders", batchSize = 5, batchTimeout = "soon")
        void handle(List<String> values) {
        }
    }

    static class UnknownHandlerConsumer {
        @ChannelListener(channel = "orders", errorHandler = "nope")
        void handle(String value) {
        }
    }

    static class WrongHandlerConsumer {
        @ChannelListener(channel = "orders", errorHandler = "notAHandler")
        void handle(String value) {
        }
    }
}
