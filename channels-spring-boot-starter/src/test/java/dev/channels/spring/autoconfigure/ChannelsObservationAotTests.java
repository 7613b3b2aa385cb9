package dev.channels.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListener;
import dev.channels.spring.observation.ChannelListenerObservationContext;
import dev.channels.spring.observation.ChannelListenerObservationInterceptor;
import dev.channels.spring.observation.ChannelListenerTracingObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import dev.channels.spring.observation.RecordedObservations;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;

/**
 * {@link ChannelsObservationAutoConfiguration} through Spring AOT, as {@link ChannelsAotTests}
 * runs the others: processed ahead of time with {@code channels.observation.enabled=true}, then
 * started from the generated code alone; a listener call is still the sender's child.
 */
@CompileWithForkedClassLoader
class ChannelsObservationAotTests {
    private static final String[] PROPERTIES = { "channels.observation.enabled=true", "channels.instances.orders.capacity=5" };

    @Test
    void theObservationAutoConfigurationRunsFromTheGeneratedCode() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class, ChannelsObservationAutoConfiguration.class))
                .withUserConfiguration(Observed.class)
                .withPropertyValues(PROPERTIES);
        ChannelsAotTests.processAheadOfTimeAndRun(runner, PROPERTIES, (context, hints) -> {
            assertThat(context.getBeanNamesForType(ChannelListenerObservationInterceptor.class)).hasSize(1);
            assertThat(context.getBeanNamesForType(ChannelListenerTracingObservationHandler.class)).hasSize(1);
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            Observation sender = Observation.start("sender", registry);
            try (Observation.Scope scope = sender.openScope()) {
                @SuppressWarnings("unchecked")
                Channel<String> orders = context.getBean("orders", Channel.class);
                orders.send("o-1");
            }
            Handler handler = context.getBean(Handler.class);
            Observation inside = handler.observations.poll(30, TimeUnit.SECONDS);
            assertThat(inside.getContext()).isInstanceOf(ChannelListenerObservationContext.class);
            assertThat(inside.getContextView().getParentObservation()).isSameAs(sender);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Observed {
        @Bean
        SimpleTracer tracer() {
            return new SimpleTracer();
        }

        @Bean
        ObservationRegistry observationRegistry() {
            return RecordedObservations.registry(new RecordedObservations());
        }

        @Bean
        Handler handler(ObservationRegistry registry) {
            return new Handler(registry);
        }
    }

    static class Handler {
        final BlockingQueue<Observation> observations = new LinkedBlockingQueue<>();
        private final ObservationRegistry registry;

        Handler(ObservationRegistry registry) {
            this.registry = registry;
        }

        @ChannelListener(channel = "orders")
        void handle(String order) {
            observations.add(registry.getCurrentObservation());
        }
    }
}
