package dev.channels.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code channel.remote.*} meters of every Kafka channel (see {@link KafkaChannelMetrics}),
 * when the application has a {@link MeterRegistry}.
 */
@AutoConfiguration(after = KafkaChannelsAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, KafkaChannelBackend.class })
public final class KafkaChannelsMetricsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    KafkaChannelMetrics kafkaChannelMetrics(MeterRegistry registry, KafkaChannelBackend backend) {
        return new KafkaChannelMetrics(registry, backend);
    }
}
