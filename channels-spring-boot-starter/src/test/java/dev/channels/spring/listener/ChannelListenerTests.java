package dev.channels.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.Order;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.registry.ChannelRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class ChannelListenerTests {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class))
            .withPropertyValues("channels.instances.orders.capacity=64", "channels.shutdown.timeout=5s");

    @Test
    void consumesEveryValueWithConcurrencyVirtualThreads() {
        runner.withBean("concurrentConsumer", ConcurrentConsumer.class).run(context -> {
            assertThat(context).hasNotFailed();
            @SuppressWarnings("unchecked")
            Channel<String> orders = context.getBean("orders", Channel.class);
            ConcurrentConsumer consumer = context.getBean(ConcurrentConsumer.class);
            for (int i = 0; i < 30; i++) {
                orders.send("order-" + i);
            }

            assertThat(consumer.allThreeBusy.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("three values handled at the same time").isTrue();
            assertThat(consumer.done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(consumer.values).hasSize(30).doesNotHaveDuplicates();
            assertThat(consumer.threads).hasSize(3).allMatch(Thread::isVirtual);
            assertThat(context.getBean(ChannelListenerRegistry.class).containers())
                    .singleElement()
                    .satisfies(container -> {
                        assertThat(container.id()).isEqualTo("concurrentConsumer.handle");
                        assertThat(container.channelName()).isEqualTo("orders");
                        assertThat(container.concurrency()).isEqualTo(3);
                    });
        });
    }

    @Test
    void aFailureIsLoggedWithTheChannelAndCountedAndTheLoopGoesOn(CapturedOutput output) {
        runner.withBean("failingConsumer", FailingConsumer.class).run(context -> {
            @SuppressWarnings("unchecked")
            Channel<String> orders = context.getBean("orders", Channel.class);
            FailingConsumer consumer = context.getBean(FailingConsumer.class);
            orders.send("good-1");
            orders.send("bad");
            orders.send("good-2");

            assertThat(consumer.done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(consumer.handled).containsExactly("good-1", "good-2");
            ChannelListenerContainer container = context.getBean(ChannelListenerRegistry.class).containers().get(0);
            assertThat(container.failures()).isEqualTo(1);
            assertThat(output).contains("Listener failingConsumer.handle failed to handle a value from channel 'orders'")
                    .contains("IllegalArgumentException: cannot handle bad");
        });
    }

    @Test
    void loopsEndWhenTheChannelIsClosedAndDrained() {
        runner.withBean("concurrentConsumer", ConcurrentConsumer.class).run(context -> {
            Channel<?> orders = context.getBean("orders", Channel.class);
            ChannelListenerContainer container = context.getBean(ChannelListenerRegistry.class).containers().get(0);
            assertThat(container.isRunning()).isTrue();

            orders.close();

            assertThat(container.awaitTermination(WAIT)).isTrue();
            assertThat(container.isRunning()).isFalse();
        });
    }

    @Test
    void aFailedChannelEndsItsListenersAndTheFailureIsLogged(CapturedOutput output) {
        runner.withBean("failingConsumer", FailingConsumer.class).run(context -> {
            Channel<?> orders = context.getBean("orders", Channel.class);
            ChannelListenerContainer container = context.getBean(ChannelListenerRegistry.class).containers().get(0);

            orders.fail(new IllegalStateException("upstream broke"));

            assertThat(container.awaitTermination(WAIT)).isTrue();
            assertThat(output).contains("Channel 'orders' failed; listener failingConsumer.handle stops")
                    .contains("upstream broke");
        });
    }

    @Test
    void listensToTheApplicationsOwnChannelBeansAndProgrammaticChannels() {
        runner.withUserConfiguration(OwnChannels.class).withBean("twoSourcesConsumer", TwoSourcesConsumer.class).run(context -> {
            assertThat(context).hasNotFailed();
            @SuppressWarnings("unchecked")
            Channel<String> own = context.getBean("own", Channel.class);
            @SuppressWarnings("unchecked")
            Channel<String> jobs = (Channel<String>) context.getBean(ChannelRegistry.class).find("jobs").orElseThrow();
            TwoSourcesConsumer consumer = context.getBean(TwoSourcesConsumer.class);

            own.send("from-bean");
            jobs.send("from-registry");

            assertThat(consumer.done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(consumer.values).containsExactlyInAnyOrder("own:from-bean", "jobs:from-registry");
        });
    }

    @Test
    void placeholdersInTheChannelNameAreResolved() {
        runner.withPropertyValues("app.channel=orders").withBean("placeholderConsumer", PlaceholderConsumer.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ChannelListenerRegistry.class).containers())
                    .extracting(ChannelListenerContainer::channelName).containsExactly("orders");
        });
    }

    @Test
    void anUnknownChannelFailsStartUp() {
        runner.withBean("unknownChannelConsumer", UnknownChannelConsumer.class).run(context -> assertThat(context).getFailure()
                .isInstanceOf(InvalidChannelListenerException.class)
                .hasMessageContaining("UnknownChannelConsumer.handle")
                .hasMessageContaining("it listens to channel 'nope'. There is no channel named 'nope'")
                .hasMessageContaining("'nope'")
                .hasMessageContaining("[orders]"));
    }

    @Test
    void aMethodWithoutExactlyOneParameterFailsStartUp() {
        runner.withBean("twoParameterConsumer", TwoParameterConsumer.class).run(context -> assertThat(context).getFailure()
                .isInstanceOf(InvalidChannelListenerException.class)
                .hasMessageContaining("takes 2 parameters"));
    }

    @Test
    void aConcurrencyBelowOneFailsStartUp() {
        runner.withBean("noConcurrencyConsumer", NoConcurrencyConsumer.class).run(context -> assertThat(context).getFailure()
                .isInstanceOf(InvalidChannelListenerException.class)
                .hasMessageContaining("concurrency is 0"));
    }

    @Test
    void concurrencyStringTakesItsNumberFromConfiguration() {
        runner.withPropertyValues("app.workers=3").withBean("configuredConsumer", ConfiguredConcurrencyConsumer.class)
                .withBean("defaultedConsumer", DefaultedConcurrencyConsumer.class).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ChannelListenerRegistry.class).containers())
                            .extracting(ChannelListenerContainer::concurrency).containsExactlyInAnyOrder(3, 2);
                });
    }

    @Test
    void aConcurrencyStringThatIsNotANumberFailsStartUpNamingWhatItResolvedTo() {
        runner.withPropertyValues("app.workers=four").withBean("configuredConsumer", ConfiguredConcurrencyConsumer.class)
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOf(InvalidChannelListenerException.class)
                        .hasMessageContaining("ConfiguredConcurrencyConsumer.handle")
                        .hasMessageContaining("concurrencyString '${app.workers}' is 'four', which is not a whole number"));
    }

    @Test
    void anUnsetConcurrencyPropertyFailsStartUp() {
        runner.withBean("configuredConsumer", ConfiguredConcurrencyConsumer.class).run(context -> assertThat(context)
                .getFailure().isInstanceOf(InvalidChannelListenerException.class)
                .hasMessageContaining("concurrencyString '${app.workers}'"));
    }

    @Test
    void aConcurrencyStringBelowOneFailsStartUp() {
        runner.withPropertyValues("app.workers=0").withBean("configuredConsumer", ConfiguredConcurrencyConsumer.class)
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOf(InvalidChannelListenerException.class)
                        .hasMessageContaining("concurrencyString '${app.workers}' is 0; it must be 1 or more"));
    }

    @Test
    void concurrencyAndConcurrencyStringTogetherFailStartUp() {
        runner.withPropertyValues("app.workers=3").withBean("bothConsumer", BothConcurrenciesConsumer.class)
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOf(InvalidChannelListenerException.class)
                        .hasMessageContaining("sets both concurrency (4) and concurrencyString ('${app.workers}')"));
    }

    @Test
    void aParameterThatCannotTakeTheDeclaredElementTypeFailsStartUp() {
        runner.withPropertyValues("channels.instances.orders.element-type=dev.channels.spring.Order")
                .withBean("concurrentConsumer", ConcurrentConsumer.class)
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOf(InvalidChannelListenerException.class)
                        .hasMessageContaining("takes java.lang.String, but channel 'orders' carries dev.channels.spring.Order"));
    }

    @Test
    void aParameterOfTheDeclaredElementTypeOrASupertypeIsAccepted() {
        runner.withPropertyValues("channels.instances.orders.element-type=dev.channels.spring.Order")
                .withBean("orderConsumer", OrderConsumer.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    Channel<Order> orders = context.getBean("orders", Channel.class);
                    orders.send(new Order("o-1"));
                    OrderConsumer consumer = context.getBean(OrderConsumer.class);
                    assertThat(consumer.done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                    assertThat(consumer.values).containsExactly(new Order("o-1"));
                });
    }

    @Test
    void aContainerBeanJoinsTheListenersAndStartsWithThem() {
        runner.withUserConfiguration(LoopConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            @SuppressWarnings("unchecked")
            Channel<String> orders = context.getBean("orders", Channel.class);
            LoopConfiguration loops = context.getBean(LoopConfiguration.class);
            assertThat(context.getBean(ChannelListenerRegistry.class).containers()).singleElement()
                    .isSameAs(context.getBean("ordersLoop"));

            orders.send("o-1");
            orders.send("o-2");

            assertThat(loops.done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(loops.values).containsExactly("o-1", "o-2");
        });
    }

    @Test
    void aContainerBeanOnAnUnknownChannelFailsStartUp() {
        runner.withBean("jobsLoop", ChannelListenerContainer.class, () -> ChannelListenerContainer.loop("jobsLoop",
                Channel.<String>builder().name("jobs").capacity(1).build(), 1, channel -> { }))
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOf(InvalidChannelListenerException.class)
                        .hasMessageContaining("(bean 'jobsLoop')")
                        .hasMessageContaining("it consumes channel 'jobs'. There is no channel named 'jobs'")
                        .hasMessageContaining("[orders]"));
    }

    @Test
    void aContainerBeanOnAChannelBeanWithoutItsBeanNameFailsStartUpNamingTheChannelsOwnName() {
        runner.withUserConfiguration(UnnamedChannelLoopConfiguration.class).run(context -> assertThat(context).getFailure()
                .isInstanceOf(InvalidChannelListenerException.class)
                .hasMessageContaining("(bean 'unnamedLoop')")
                .hasMessageContaining("it consumes channel 'channel-")
                .hasMessageContaining("[orders, unnamed]"));
    }

    @Test
    void aContainerBeanOnAnotherChannelOfTheRegisteredNameFailsStartUp() {
        runner.withBean("impostorLoop", ChannelListenerContainer.class, () -> ChannelListenerContainer.loop("impostorLoop",
                Channel.<String>builder().name("orders").capacity(1).build(), 1, channel -> { }))
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOf(InvalidChannelListenerException.class)
                        .hasMessageContaining("(bean 'impostorLoop')")
                        .hasMessageContaining("it consumes a channel named 'orders', but the channel registered under that"
                                + " name is another one"));
    }

    @Test
    void aContainerBeanOnAReceiveOnlyViewOfTheRegisteredChannelIsAccepted() {
        runner.withUserConfiguration(ViewLoopConfiguration.class).run(context -> {
            assertThat(context).hasNotFailed();
            @SuppressWarnings("unchecked")
            Channel<String> orders = context.getBean("orders", Channel.class);
            ViewLoopConfiguration loops = context.getBean(ViewLoopConfiguration.class);

            orders.send("o-1");

            assertThat(loops.done.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(context.getBean(ChannelListenerRegistry.class).containers()).singleElement()
                    .extracting(ChannelListenerContainer::channelName).isEqualTo("orders");
        });
    }

    static class ConcurrentConsumer {
        final CountDownLatch allThreeBusy = new CountDownLatch(3);
        final CountDownLatch done = new CountDownLatch(30);
        final List<String> values = new CopyOnWriteArrayList<>();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        @ChannelListener(channel = "orders", concurrency = 3)
        void handle(String value) throws InterruptedException {
            threads.add(Thread.currentThread());
            allThreeBusy.countDown();
            allThreeBusy.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            values.add(value);
            done.countDown();
        }
    }

    static class FailingConsumer {
        final CountDownLatch done = new CountDownLatch(3);
        final List<String> handled = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders")
        void handle(String value) {
            try {
                if (value.equals("bad")) {
                    throw new IllegalArgumentException("cannot handle " + value);
                }
                handled.add(value);
            } finally {
                done.countDown();
            }
        }
    }

    static class OrderConsumer {
        final CountDownLatch done = new CountDownLatch(1);
        final List<Object> values = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders")
        void handle(Record order) {
            values.add(order);
            done.countDown();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnChannels {
        @Bean
        Channel<String> own() {
            return Channel.buffered(4);
        }

        @Bean
        String jobsCreator(ChannelRegistry registry) {
            registry.create("jobs", builder -> builder.capacity(4));
            return "a channel registered without a bean of its own";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LoopConfiguration {
        final CountDownLatch done = new CountDownLatch(2);
        final List<String> values = new CopyOnWriteArrayList<>();

        @Bean
        ChannelListenerContainer ordersLoop(@Qualifier("orders") Channel<String> orders) {
            return ChannelListenerContainer.loop("ordersLoop", orders, 1, channel -> {
                for (String order : channel) {
                    values.add(order);
                    done.countDown();
                }
            });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UnnamedChannelLoopConfiguration {
        @Bean
        Channel<String> unnamed() {
            return Channel.buffered(1); // its own name is generated: channel-<n>
        }

        @Bean
        ChannelListenerContainer unnamedLoop(@Qualifier("unnamed") Channel<String> unnamed) {
            return ChannelListenerContainer.loop("unnamedLoop", unnamed, 1, channel -> { });
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ViewLoopConfiguration {
        final CountDownLatch done = new CountDownLatch(1);

        @Bean
        ChannelListenerContainer viewLoop(@Qualifier("orders") Channel<String> orders) {
            return ChannelListenerContainer.loop("viewLoop", orders.receiveOnly(), 1, channel -> {
                for (String order : channel) {
                    done.countDown();
                }
            });
        }
    }

    static class TwoSourcesConsumer {
        final CountDownLatch done = new CountDownLatch(2);
        final List<String> values = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "own")
        void own(String value) {
            values.add("own:" + value);
            done.countDown();
        }

        @ChannelListener(channel = "jobs")
        void jobs(String value) {
            values.add("jobs:" + value);
            done.countDown();
        }
    }

    static class PlaceholderConsumer {
        @ChannelListener(channel = "${app.channel}")
        void handle(Object value) {
        }
    }

    static class UnknownChannelConsumer {
        @ChannelListener(channel = "nope")
        void handle(Object value) {
        }
    }

    static class TwoParameterConsumer {
        @ChannelListener(channel = "orders")
        void handle(Object value, Object other) {
        }
    }

    static class NoConcurrencyConsumer {
        @ChannelListener(channel = "orders", concurrency = 0)
        void handle(Object value) {
        }
    }

    static class ConfiguredConcurrencyConsumer {
        @ChannelListener(channel = "orders", concurrencyString = "${app.workers}")
        void handle(Object value) {
        }
    }

    static class DefaultedConcurrencyConsumer {
        @ChannelListener(channel = "orders", concurrencyString = "${app.unset-workers:2}")
        void handle(Object value) {
        }
    }

    static class BothConcurrenciesConsumer {
        @ChannelListener(channel = "orders", concurrency = 4, concurrencyString = "${app.workers}")
        void handle(Object value) {
        }
    }
}
