package dev.channels.spring.autoconfigure;

import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.observation.ChannelListenerObservationConvention;
import dev.channels.spring.observation.ChannelListenerObservationInterceptor;
import dev.channels.spring.observation.ChannelListenerTracingObservationHandler;
import dev.channels.spring.observation.ChannelObservationInterceptor;
import dev.channels.spring.registry.ChannelCustomizer;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Tracing and context through channels, when {@code channels.observation.enabled=true} and the
 * application has Micrometer Observation and context-propagation: every channel the
 * {@code ChannelRegistry} builds gets a {@link ChannelObservationInterceptor} (through a
 * {@link ChannelCustomizer}), every listener container a {@link ChannelListenerObservationInterceptor};
 * with Micrometer Tracing and a {@link Tracer} bean, batch listener spans link every sender's span
 * ({@link ChannelListenerTracingObservationHandler}). Without an {@link ObservationRegistry} bean
 * the ThreadLocals still travel, and no observation is made.
 */
@AutoConfiguration(after = ChannelsAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass({ ObservationRegistry.class, ContextSnapshotFactory.class })
@ConditionalOnBooleanProperty("channels.observation.enabled")
@EnableConfigurationProperties(ChannelsObservationProperties.class)
public final class ChannelsObservationAutoConfiguration {
    /** Before Boot's default tracing handler, which would otherwise make the listener's span without links. */
    static final int TRACING_HANDLER_ORDER = 0;

    @Bean
    @ConditionalOnMissingBean(name = "channelObservationCustomizer")
    ChannelCustomizer channelObservationCustomizer(ObjectProvider<ObservationRegistry> registry) {
        ContextSnapshotFactory snapshots = ContextSnapshotFactory.builder().clearMissing(true).build();
        return (name, builder) -> builder.interceptor(new ChannelObservationInterceptor(name,
                registry.getIfAvailable(() -> ObservationRegistry.NOOP), snapshots));
    }

    @Bean
    @ConditionalOnBean(ChannelListenerRegistry.class)
    @ConditionalOnMissingBean
    ChannelListenerObservationInterceptor channelListenerObservationInterceptor(ChannelListenerRegistry listeners,
            ObjectProvider<ObservationRegistry> registry, ObjectProvider<ChannelListenerObservationConvention> convention) {
        ChannelListenerObservationInterceptor interceptor = new ChannelListenerObservationInterceptor(
                registry.getIfAvailable(() -> ObservationRegistry.NOOP), convention.getIfUnique());
        listeners.subscribe(container -> container.addInterceptor(interceptor));
        return interceptor;
    }

    /** Apart, so that its types, from the optional Micrometer Tracing, are read only when it is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tracer.class)
    static final class TracingConfiguration {
        @Bean
        @ConditionalOnBean(Tracer.class)
        @ConditionalOnMissingBean
        @Order(TRACING_HANDLER_ORDER)
        ChannelListenerTracingObservationHandler channelListenerTracingObservationHandler(Tracer tracer) {
            return new ChannelListenerTracingObservationHandler(tracer);
        }
    }
}
