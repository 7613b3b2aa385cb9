package dev.channels.spring.autoconfigure;

import dev.channels.spring.listener.ChannelListenerBeanPostProcessor;
import dev.channels.spring.listener.ChannelListenerDefaults;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.listener.error.ChannelListenerErrorHandler;
import dev.channels.spring.lifecycle.ChannelsLifecycle;
import dev.channels.spring.registry.ChannelCustomizer;
import dev.channels.spring.registry.ChannelRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Channels as beans: the {@link ChannelRegistry}, one bean per {@code channels.instances} entry,
 * registration of every other channel bean, {@code @ChannelListener} consumers with the listener
 * settings of {@code channels.*} ({@link ChannelListenerDefaults}), and graceful shutdown.
 */
@AutoConfiguration
@EnableConfigurationProperties(ChannelsProperties.class)
public final class ChannelsAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    ChannelRegistry channelRegistry(ObjectProvider<ChannelCustomizer> customizers) {
        return new ChannelRegistry(customizers.orderedStream().toList());
    }

    @Bean
    static ChannelInstanceRegistrar channelInstanceRegistrar() {
        return new ChannelInstanceRegistrar();
    }

    @Bean
    static ChannelRegistryBeanPostProcessor channelRegistryBeanPostProcessor(ObjectProvider<ChannelRegistry> registry) {
        return new ChannelRegistryBeanPostProcessor(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    ChannelListenerDefaults channelListenerDefaults(ChannelsProperties properties, ChannelRegistry channels,
            ObjectProvider<ChannelListenerErrorHandler> errorHandlers) {
        return new ConfiguredListenerDefaults(properties, channels, errorHandlers::getIfUnique);
    }

    @Bean
    @ConditionalOnMissingBean
    ChannelListenerRegistry channelListenerRegistry(ChannelRegistry channels, ChannelListenerDefaults defaults) {
        return new ChannelListenerRegistry(channels, defaults);
    }

    @Bean
    static ChannelListenerBeanPostProcessor channelListenerBeanPostProcessor() {
        return new ChannelListenerBeanPostProcessor();
    }

    @Bean
    @ConditionalOnMissingBean
    ChannelsLifecycle channelsLifecycle(ChannelRegistry channels, ChannelListenerRegistry listeners,
            ChannelsProperties properties) {
        List<String> order = properties.getShutdown().getOrder();
        return new ChannelsLifecycle(channels, listeners, properties.getShutdown().getTimeout(),
                order != null ? order : List.of());
    }
}
