package dev.channels.spring.autoconfigure;

import dev.channels.spring.actuate.ChannelsEndpoint;
import dev.channels.spring.actuate.ChannelsEndpointWebExtension;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.registry.ChannelRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code channels} actuator endpoint (see {@link ChannelsEndpoint}), when the application has
 * actuator and the endpoint is available: access not {@code none} and exposed, over the web for
 * example with {@code management.endpoints.web.exposure.include=channels}.
 */
@AutoConfiguration(after = ChannelsAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ChannelRegistry.class)
public final class ChannelsEndpointAutoConfiguration {
    /** Apart, so that its conditions, from the optional actuator module, are read only when that module is there. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(ChannelsEndpoint.class)
    static final class ChannelsEndpointConfiguration {
        @Bean
        @ConditionalOnMissingBean
        ChannelsEndpoint channelsEndpoint(ChannelRegistry registry, ObjectProvider<ChannelListenerRegistry> listeners) {
            return new ChannelsEndpoint(registry, listeners.getIfAvailable());
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(ChannelsEndpoint.class)
        @ConditionalOnAvailableEndpoint(value = ChannelsEndpoint.class, exposure = EndpointExposure.WEB)
        ChannelsEndpointWebExtension channelsEndpointWebExtension(ChannelsEndpoint endpoint) {
            return new ChannelsEndpointWebExtension(endpoint);
        }
    }
}
