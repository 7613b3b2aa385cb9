package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.ChannelObserver;
import dev.channels.OverflowPolicy;
import dev.channels.spring.Order;
import dev.channels.spring.Payment;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.lifecycle.ChannelsLifecycle;
import dev.channels.spring.registry.ChannelCustomizer;
import dev.channels.spring.registry.ChannelRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ChannelsAutoConfigurationTests {
    /** Customizers that add a drop handler and an observer, and an application channel of its own. */
    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        final List<String> customized = new CopyOnWriteArrayList<>();
        final List<String> dropped = new CopyOnWriteArrayList<>();
        final List<String> waited = new CopyOnWriteArrayList<>();

        @Bean
        @org.springframework.core.annotation.Order(1)
        ChannelCustomizer dropHandler() {
            return (name, builder) -> {
                customized.add(name);
                builder.onDrop(value -> dropped.add(name + " dropped " + value));
            };
        }

        @Bean
        @org.springframework.core.annotation.Order(2)
        ChannelCustomizer observer() {
            return (name, builder) -> builder.observer(new ChannelObserver() {
                @Override
                public boolean timesBuffer() {
                    return true;
                }

                @Override
                public void bufferWaited(long nanos) {
                    waited.add(name);
                }
            });
        }

        @Bean
        Channel<String> own() {
            return Channel.<String>builder().name("own").capacity(1).build();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class));

    @Test
    void providesTheRegistryListenerRegistryAndLifecycle() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ChannelRegistry.class)
                    .hasSingleBean(ChannelListenerRegistry.class)
                    .hasSingleBean(ChannelsLifecycle.class)
                    .hasSingleBean(ChannelsProperties.class)
                    .doesNotHaveBean(Channel.class);
            assertThat(context.getBean(ChannelsLifecycle.class).getPhase()).isEqualTo(ChannelsLifecycle.PHASE);
        });
    }

    @Test
    void channelCustomizerBeansGiveYamlChannelsAndRuntimeChannelsADropHandlerAndAnObserverButNotTheApplicationsOwn() {
        runner.withPropertyValues("channels.instances.orders.capacity=1", "channels.instances.orders.overflow=drop-oldest")
                .withUserConfiguration(Customizers.class)
                .run(context -> {
                    Customizers customizers = context.getBean(Customizers.class);
                    @SuppressWarnings("unchecked")
                    Channel<String> orders = context.getBean("orders", Channel.class);
                    Channel<String> jobs = context.getBean(ChannelRegistry.class).create("jobs", builder -> builder.capacity(2));

                    orders.send("first");
                    orders.send("second");
                    jobs.send("job");
                    orders.receive();
                    jobs.receive();

                    assertThat(customizers.dropped).containsExactly("orders dropped first");
                    assertThat(customizers.customized).containsExactly("orders", "jobs");
                    assertThat(customizers.waited).as("the observer on every customized channel").containsExactly("orders", "jobs");
                    assertThat(context.getBean(ChannelRegistry.class).channels()).containsKey("own");
                    assertThat(customizers.customized).doesNotContain("own");
                });
    }

    @Test
    void eachInstanceIsABeanOfItsNameWithItsSettingsAndTheDefaults() {
        runner.withPropertyValues("channels.defaults.capacity=16", "channels.defaults.overflow=drop-newest",
                "channels.instances.orders.capacity=100", "channels.instances.orders.overflow=drop-oldest",
                "channels.instances.audit.capacity=0", "channels.instances.audit.overflow=block",
                "channels.instances.events.capacity=unlimited", "channels.instances.events.overflow=BLOCK",
                "channels.instances.plain.element-type=java.lang.String").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(Channel.class)).containsOnlyKeys("orders", "audit", "events", "plain");
            Channel<?> orders = context.getBean("orders", Channel.class);
            assertThat(orders.name()).isEqualTo("orders");
            assertThat(orders.capacity()).isEqualTo(100);
            assertThat(context.getBean("audit", Channel.class).capacity()).isZero();
            assertThat(context.getBean("events", Channel.class).capacity()).isEqualTo(Channel.UNLIMITED);
            assertThat(context.getBean("plain", Channel.class).capacity()).as("default capacity").isEqualTo(16);
            assertThat(context.getBean(ChannelRegistry.class).channels()).containsOnlyKeys("audit", "events", "orders", "plain")
                    .containsEntry("orders", orders);
            assertOverflow(context.getBean("orders", Channel.class), OverflowPolicy.DROP_OLDEST);
            assertOverflow(context.getBean("plain", Channel.class), OverflowPolicy.DROP_NEWEST);
        });
    }

    @Test
    void withoutDefaultsAnInstanceIsARendezvousChannelThatBlocks() {
        runner.withPropertyValues("channels.instances.handoff.element-type=java.lang.String").run(context -> {
            Channel<?> handoff = context.getBean("handoff", Channel.class);
            assertThat(handoff.capacity()).isZero();
        });
    }

    @Test
    void qualifiedInjectionByElementTypeWorksAndTheMapCollectsEveryChannel() {
        runner.withPropertyValues("channels.instances.orders.capacity=4",
                "channels.instances.orders.element-type=dev.channels.spring.Order",
                "channels.instances.untyped.capacity=1")
                .withUserConfiguration(OrderConsumerConfiguration.class, OwnChannelConfiguration.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    OrderConsumer consumer = context.getBean(OrderConsumer.class);
                    assertThat(consumer.orders()).isSameAs(context.getBean("orders"));
                    assertThat(consumer.untyped()).as("an untyped channel injects as any Channel<T>")
                            .isSameAs(context.getBean("untyped"));
                    assertThat(consumer.all()).containsOnlyKeys("orders", "untyped", "payments");
                });
    }

    @Test
    void injectingATypedChannelAsAnotherTypeFailsStartUp() {
        runner.withPropertyValues("channels.instances.orders.element-type=dev.channels.spring.Order")
                .withUserConfiguration(MismatchedConsumerConfiguration.class)
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOf(UnsatisfiedDependencyException.class)
                        .hasMessageContaining("dev.channels.Channel<dev.channels.spring.Payment>")
                        .hasMessageContaining("orders"));
    }

    @Test
    void theApplicationsOwnChannelBeanIsRegisteredAndWinsOverASameNamedInstance() {
        runner.withPropertyValues("channels.instances.payments.capacity=100")
                .withUserConfiguration(OwnChannelConfiguration.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Channel<?> payments = context.getBean("payments", Channel.class);
                    assertThat(payments.capacity()).as("the application's bean, not the YAML one").isEqualTo(2);
                    assertThat(context.getBean(ChannelRegistry.class).find("payments")).containsSame(payments);
                });
    }

    @Test
    void destroyingAChannelBeanRemovesItFromTheRegistryAndClosesIt() {
        runner.withPropertyValues("channels.instances.orders.capacity=1").run(context -> {
            ChannelRegistry registry = context.getBean(ChannelRegistry.class);
            Channel<?> orders = context.getBean("orders", Channel.class);

            context.getBeanFactory().destroySingletons();

            assertThat(registry.channels()).isEmpty();
            assertThat(orders.isClosed()).isTrue();
        });
    }

    @Test
    void backsOffFromTheApplicationsOwnRegistry() {
        ChannelRegistry own = new ChannelRegistry();
        runner.withBean(ChannelRegistry.class, () -> own).withPropertyValues("channels.instances.orders.capacity=1")
                .run(context -> {
                    assertThat(context).getBean(ChannelRegistry.class).isSameAs(own);
                    assertThat(own.find("orders")).containsSame(context.getBean("orders", Channel.class));
                });
    }

    @Test
    void bindsMetricsAndShutdownSettings() {
        runner.withPropertyValues("channels.metrics.timers.blocked=true", "channels.metrics.timers.buffer-wait=true",
                "channels.shutdown.timeout=5s").run(context -> {
            ChannelsProperties properties = context.getBean(ChannelsProperties.class);
            assertThat(properties.getMetrics().getTimers().isBlocked()).isTrue();
            assertThat(properties.getMetrics().getTimers().isBufferWait()).isTrue();
            assertThat(properties.getShutdown().getTimeout()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void aNegativeCapacityFailsStartUpNamingThePropertyAndValue() {
        assertInvalid("channels.instances.orders.capacity", "-1", "channels.instances.orders.capacity=-1");
    }

    @Test
    void aCapacityThatIsNotANumberFailsStartUp() {
        assertInvalid("channels.instances.orders.capacity", "lots", "channels.instances.orders.capacity=lots");
    }

    @Test
    void aBadDefaultCapacityFailsStartUpEvenWithoutInstances() {
        assertInvalid("channels.defaults.capacity", "-5", "channels.defaults.capacity=-5");
    }

    @Test
    void anUnknownElementTypeFailsStartUp() {
        assertInvalid("channels.instances.orders.element-type", "com.example.Nope",
                "channels.instances.orders.element-type=com.example.Nope");
    }

    @Test
    void aNameThatIsNotAValidBeanNameFailsStartUp() {
        assertInvalid("channels.instances", "bad name", "channels.instances[bad name].capacity=1");
        assertInvalid("channels.instances", "&factory", "channels.instances[&factory].capacity=1");
    }

    @Test
    void aDropPolicyOnARendezvousChannelFailsStartUpNamingWhereThePolicyCameFrom() {
        assertInvalid("channels.instances.audit.overflow", "drop-oldest",
                "channels.instances.audit.capacity=0", "channels.instances.audit.overflow=drop-oldest");
        assertInvalid("channels.defaults.overflow", "drop-newest",
                "channels.defaults.overflow=drop-newest", "channels.instances.events.capacity=unlimited");
    }

    @Test
    void aNegativeShutdownTimeoutFailsStartUp() {
        runner.withPropertyValues("channels.shutdown.timeout=-1s").run(context -> {
            InvalidConfigurationPropertyValueException failure =
                    findCause(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class);
            assertThat(failure.getName()).isEqualTo("channels.shutdown.timeout");
            assertThat(failure.getValue()).isEqualTo(Duration.ofSeconds(-1));
        });
    }

    @Test
    void anUnknownOverflowPolicyFailsStartUpNamingThePropertyAndValue() {
        runner.withPropertyValues("channels.instances.orders.overflow=sideways").run(context -> {
            assertThat(context).hasFailed();
            BindException failure = findCause(context.getStartupFailure(), BindException.class);
            assertThat(failure.getName().toString()).isEqualTo("channels.instances.orders.overflow");
            assertThat(failure.getProperty().getValue()).isEqualTo("sideways");
        });
    }

    private void assertInvalid(String property, String value, String... properties) {
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            InvalidConfigurationPropertyValueException failure =
                    findCause(context.getStartupFailure(), InvalidConfigurationPropertyValueException.class);
            assertThat(failure.getName()).isEqualTo(property);
            assertThat(failure.getValue()).isEqualTo(value);
            assertThat(failure.getReason()).isNotBlank();
        });
    }

    private static <E extends Throwable> E findCause(Throwable failure, Class<E> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure, failure);
    }

    /** Tells the overflow policy by behavior: fill the buffer, send once more, see what is kept. */
    private static void assertOverflow(Channel<?> channel, OverflowPolicy expected) {
        @SuppressWarnings("unchecked")
        Channel<Object> values = (Channel<Object>) channel;
        for (int i = 0; i < values.capacity(); i++) {
            assertThat(values.trySend(i)).isTrue();
        }
        values.trySend(-1);
        Object first = values.tryReceive();
        assertThat(first).isEqualTo(expected == OverflowPolicy.DROP_OLDEST ? 1 : 0);
        assertThat(values.stats().dropped()).isEqualTo(1);
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderConsumerConfiguration {
        @Bean
        OrderConsumer orderConsumer(@Qualifier("orders") Channel<Order> orders, @Qualifier("untyped") Channel<Payment> untyped,
                Map<String, Channel<?>> all) {
            return new OrderConsumer(orders, untyped, all);
        }
    }

    record OrderConsumer(Channel<Order> orders, Channel<Payment> untyped, Map<String, Channel<?>> all) {
    }

    @Configuration(proxyBeanMethods = false)
    static class MismatchedConsumerConfiguration {
        @Bean
        Object paymentConsumer(@Qualifier("orders") Channel<Payment> orders) {
            return orders;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnChannelConfiguration {
        @Bean
        Channel<Payment> payments() {
            return Channel.buffered(2);
        }
    }
}
