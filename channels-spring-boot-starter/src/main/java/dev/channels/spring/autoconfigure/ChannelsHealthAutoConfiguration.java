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
import org.springframework.context.annotation.Configuration;

/**
 * The {@code channels} health contributor (see {@link ChannelsHealthContributor}), when the
 * application has Boot's health module, unless {@code management.health.channels.enabled=false}.
 */
@AutoConfiguration(after = ChannelsAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ChannelRegistry.class)
public final class ChannelsHealthAutoConfiguration {
    /** Apart, so that its condition, from the optional health module, is read only when that module is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("channels")
    static final class ChannelsHealthContributorConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "channelsHealthContributor")
        ChannelsHealthContributor channelsHealthContributor(ChannelRegistry registry) {
            return new ChannelsHealthContributor(registry);
        }
    }
}
