package dev.channels.spring.autoconfigure;

import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.metrics.ChannelMetrics;
import dev.channels.spring.registry.ChannelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for every registered channel (see {@link ChannelMetrics}), when the
 * application has a {@link MeterRegistry}. {@code management.metrics.enable.channel=false} turns
 * them all off; {@code channels.metrics.timers.*} turns on the timers.
 */
@AutoConfiguration(after = ChannelsAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, MeterBinder.class })
@ConditionalOnBean({ MeterRegistry.class, ChannelRegistry.class })
public final class ChannelsMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    ChannelMetrics channelMetrics(ChannelRegistry channels, ObjectProvider<ChannelListenerRegistry> listeners,
            ChannelsProperties properties) {
        ChannelsProperties.Timers timers = properties.getMetrics().getTimers();
        return new ChannelMetrics(channels, listeners.getIfAvailable(), timers.isBlocked(), timers.isBufferWait());
    }
}
