package dev.channels.spring.autoconfigure;

import dev.channels.spring.actuate.ChannelsHealthContributor;
import dev.channels.spring.registry.ChannelRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * The {@code channels} health contributor (see {@link ChannelsHealthContributor}), unless
 * {@code management.health.channels.enabled=false}.
 */
@AutoConfiguration(after = ChannelsAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ChannelRegistry.class)
@ConditionalOnEnabledHealthIndicator("channels")
public final class ChannelsHealthAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "channelsHealthContributor")
    ChannelsHealthContributor channelsHealthContributor(ChannelRegistry registry) {
        return new ChannelsHealthContributor(registry);
    }
}
