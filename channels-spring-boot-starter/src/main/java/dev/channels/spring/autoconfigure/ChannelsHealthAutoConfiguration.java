package dev.channels.spring.autoconfigure;

import dev.channels.spring.actuate.ChannelHealthCondition;
import dev.channels.spring.actuate.ChannelsHealthContributor;
import dev.channels.spring.registry.ChannelRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code channels} health contributor (see {@link ChannelsHealthContributor}), when the
 * application has Boot's health module, unless {@code management.health.channels.enabled=false};
 * {@code channels.health.*} sets when a channel is stalled and which states are {@code DOWN}.
 */
@AutoConfiguration(after = ChannelsAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(ChannelRegistry.class)
public final class ChannelsHealthAutoConfiguration {
    private static final String STALLED_AFTER = "channels.health.stalled-after";
    private static final String DOWN_WHEN = "channels.health.down-when";

    /** Apart, so that its condition, from the optional health module, is read only when that module is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("channels")
    @EnableConfigurationProperties(ChannelsHealthProperties.class)
    static final class ChannelsHealthContributorConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "channelsHealthContributor")
        ChannelsHealthContributor channelsHealthContributor(ChannelRegistry registry, ChannelsHealthProperties properties) {
            return new ChannelsHealthContributor(registry, stalledAfter(properties.getStalledAfter()),
                    downWhen(properties.getDownWhen()), System::nanoTime);
        }
    }

    private static Duration stalledAfter(Duration stalledAfter) {
        if (stalledAfter == null || stalledAfter.isNegative() || stalledAfter.isZero()) {
            throw new InvalidConfigurationPropertyValueException(STALLED_AFTER, stalledAfter,
                    "The stall time must be more than zero, such as 30s: how long a channel must be full, with no"
                            + " value received, to count as stalled");
        }
        return stalledAfter;
    }

    private static Set<ChannelHealthCondition> downWhen(List<String> values) {
        Set<ChannelHealthCondition> conditions = EnumSet.noneOf(ChannelHealthCondition.class);
        for (int i = 0; values != null && i < values.size(); i++) {
            conditions.add(condition(DOWN_WHEN + "[" + i + "]", values.get(i)));
        }
        return conditions;
    }

    private static ChannelHealthCondition condition(String property, String value) {
        String given = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (ChannelHealthCondition condition : ChannelHealthCondition.values()) {
            if (condition.value().equals(given)) {
                return condition;
            }
        }
        String reason = given.equals("closed") || given.equals("open") || given.equals("full")
                ? "'" + given + "' is a normal state of a channel and cannot make its health DOWN"
                : "'" + value + "' is not a channel state that can make its health DOWN";
        throw new InvalidConfigurationPropertyValueException(property, value, reason + "; use "
                + Arrays.stream(ChannelHealthCondition.values()).map(ChannelHealthCondition::value).toList());
    }
}
