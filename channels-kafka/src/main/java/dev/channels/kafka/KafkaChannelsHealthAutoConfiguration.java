package dev.channels.kafka;

import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code kafkaChannels} health indicator (see {@link KafkaChannelsHealthIndicator}): DOWN while
 * the broker cannot be reached. {@code management.health.kafkaChannels.enabled=false} turns it off.
 */
@AutoConfiguration(after = KafkaChannelsAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(KafkaChannelBackend.class)
@ConditionalOnEnabledHealthIndicator("kafkaChannels")
public final class KafkaChannelsHealthAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    KafkaChannelsHealthIndicator kafkaChannelsHealthIndicator(KafkaChannelBackend backend, KafkaProperties kafka) {
        return new KafkaChannelsHealthIndicator(backend, kafka.buildAdminProperties(), Duration.ofSeconds(2));
    }
}
