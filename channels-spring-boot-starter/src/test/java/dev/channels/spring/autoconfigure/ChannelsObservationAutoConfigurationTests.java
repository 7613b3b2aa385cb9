package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.observation.ChannelListenerObservationInterceptor;
import dev.channels.spring.observation.ChannelListenerTracingObservationHandler;
import dev.channels.spring.observation.SenderContext;
import dev.channels.spring.registry.ChannelCustomizer;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import dev.channels.spring.observation.RecordedObservations;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link ChannelsObservationAutoConfiguration}: off by default, and then nothing is captured;
 * on, every registry-built channel carries its sender's context and every listener call is
 * observed; it backs off without context-propagation, and adds the tracing handler only with
 * Micrometer Tracing and a tracer.
 */
class ChannelsObservationAutoConfigurationTests {
    /** A ThreadLocal registered with context-propagation that counts how often it is captured. */
    static final ThreadLocal<String> TENANT = new ThreadLocal<>();
    static final AtomicInteger CAPTURES = new AtomicInteger();
    static final String TENANT_KEY = "test.tenant";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, ChannelsObservationAutoConfiguration.class))
            .withUserConfiguration(Listeners.class)
            .withPropertyValues("channels.instances.orders.capacity=4", "channels.instances.plain.capacity=4");

    @BeforeEach
    void registerTenant() {
        CAPTURES.set(0);
        ContextRegistry.getInstance().registerThreadLocalAccessor(TENANT_KEY, () -> {
            CAPTURES.incrementAndGet();
            return TENANT.get();
        }, TENANT::set, TENANT::remove);
    }

    @AfterEach
    void removeTenant() {
        ContextRegistry.getInstance().removeThreadLocalAccessor(TENANT_KEY);
        TENANT.remove();
        SenderContext.clearReceived();
    }

    @Test
    void offByDefaultNothingIsCapturedAndNoListenerIsObserved() {
        runner.withUserConfiguration(Observations.class).run(context -> {
            assertThat(context).doesNotHaveBean(ChannelsObservationProperties.class)
                    .doesNotHaveBean(ChannelListenerObservationInterceptor.class)
                    .doesNotHaveBean("channelObservationCustomizer");
            TENANT.set("acme");
            plain(context).send("a");
            assertThat(plain(context).receive()).isEqualTo("a");
            orders(context).send("b");
            Listeners listeners = context.getBean(Listeners.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> listeners.tenants.size() == 1);
            assertThat(listeners.tenants).as("the listener's thread has no tenant of the sender's").containsExactly("none");
            assertThat(CAPTURES).as("no ThreadLocal was read for a send").hasValue(0);
            assertThat(SenderContext.lastReceived()).isEmpty();
            assertThat(context.getBean(RecordedObservations.class).stopped()).isEmpty();
        });
    }

    @Test
    void onEveryRegistryChannelCarriesTheSendersContextAndListenersAreObserved() {
        runner.withUserConfiguration(Observations.class).withPropertyValues("channels.observation.enabled=true").run(context -> {
            assertThat(context).hasSingleBean(ChannelListenerObservationInterceptor.class)
                    .hasBean("channelObservationCustomizer").doesNotHaveBean(ChannelListenerTracingObservationHandler.class);
            TENANT.set("acme");
            plain(context).send("a");
            TENANT.remove();
            assertThat(plain(context).receive()).isEqualTo("a");
            assertThat(SenderContext.lastReceived()).hasValueSatisfying(sender -> assertThat(sender.channel()).isEqualTo("plain"));
            try (var scope = SenderContext.restoreLastReceived()) {
                assertThat(TENANT.get()).as("restored on the receiving thread").isEqualTo("acme");
            }
            assertThat(TENANT.get()).as("and taken away again").isNull();

            TENANT.set("acme");
            orders(context).send("b");
            Listeners listeners = context.getBean(Listeners.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> listeners.tenants.size() == 1);
            assertThat(listeners.tenants).containsExactly("acme");
            assertThat(CAPTURES.get()).isPositive();
            await().atMost(Duration.ofSeconds(30)).until(() -> !context.getBean(RecordedObservations.class).stopped().isEmpty());
            assertThat(context.getBean(RecordedObservations.class).stopped()).extracting(Observation.Context::getName)
                    .containsExactly("channel.listener");
        });
    }

    @Test
    void withoutAnObservationRegistryTheThreadLocalsStillTravel() {
        runner.withPropertyValues("channels.observation.enabled=true").run(context -> {
            TENANT.set("acme");
            orders(context).send("b");
            Listeners listeners = context.getBean(Listeners.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> listeners.tenants.size() == 1);
            assertThat(listeners.tenants).containsExactly("acme");
        });
    }

    @Test
    void anApplicationsOwnChannelCustomizersStillApply() {
        runner.withUserConfiguration(NamesSeen.class).withPropertyValues("channels.observation.enabled=true").run(context -> {
            assertThat(context.getBean(NamesSeen.class).names).containsExactlyInAnyOrder("orders", "plain");
            assertThat(context.getBeansOfType(ChannelCustomizer.class)).hasSize(2);
        });
    }

    @Test
    void backsOffWithoutContextPropagation() {
        runner.withClassLoader(new FilteredClassLoader(ContextSnapshotFactory.class))
                .withPropertyValues("channels.observation.enabled=true").run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ChannelListenerObservationInterceptor.class)
                            .doesNotHaveBean("channelObservationCustomizer");
                });
    }

    @Test
    void backsOffWithoutMicrometerObservation() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
                .withPropertyValues("channels.observation.enabled=true").run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ChannelListenerObservationInterceptor.class);
                });
    }

    @Test
    void theTracingHandlerComesWithATracer() {
        runner.withUserConfiguration(Observations.class, TracerConfiguration.class)
                .withPropertyValues("channels.observation.enabled=true").run(context -> {
                    assertThat(context).hasSingleBean(ChannelListenerTracingObservationHandler.class);
                });
    }

    @Test
    void withoutMicrometerTracingThereIsNoTracingHandlerAndTheRestWorks() {
        runner.withClassLoader(new FilteredClassLoader(Tracer.class)).withUserConfiguration(Observations.class)
                .withPropertyValues("channels.observation.enabled=true").run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ChannelListenerTracingObservationHandler.class)
                            .hasSingleBean(ChannelListenerObservationInterceptor.class);
                    orders(context).send("b");
                    Listeners listeners = context.getBean(Listeners.class);
                    await().atMost(Duration.ofSeconds(30)).until(() -> listeners.tenants.size() == 1);
                });
    }

    @SuppressWarnings("unchecked")
    private static Channel<String> orders(org.springframework.context.ApplicationContext context) {
        return context.getBean("orders", Channel.class);
    }

    @SuppressWarnings("unchecked")
    private static Channel<String> plain(org.springframework.context.ApplicationContext context) {
        return context.getBean("plain", Channel.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class Observations {
        @Bean
        RecordedObservations recordedObservations() {
            return new RecordedObservations();
        }

        @Bean
        ObservationRegistry observationRegistry(RecordedObservations recorded) {
            return RecordedObservations.registry(recorded);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TracerConfiguration {
        @Bean
        SimpleTracer tracer() {
            return new SimpleTracer();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class NamesSeen {
        final List<String> names = new CopyOnWriteArrayList<>();

        @Bean
        ChannelCustomizer recordingCustomizer() {
            return (name, builder) -> names.add(name);
        }
    }

    /** Records the tenant each call of the orders listener sees. */
    static class Listeners {
        final List<String> tenants = new CopyOnWriteArrayList<>();

        @ChannelListener(channel = "orders")
        void handle(String order) {
            String tenant = TENANT.get();
            tenants.add(tenant == null ? "none" : tenant);
        }
    }
}
