package dev.channels.spring.autoconfigure;

import dev.channels.spring.actuate.ChannelsEndpoint;
import dev.channels.spring.actuate.ChannelsEndpointWebExtension;
import dev.channels.spring.registry.ChannelRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code channels} actuator endpoint (see {@link ChannelsEndpoint}), when it is available:
 * access not {@code none} and exposed, over the web for example with
 * {@code management.endpoints.web.exposure.include=channels}.
 */
@AutoConfiguration(after = ChannelsAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(ChannelsEndpoint.class)
@ConditionalOnBean(ChannelRegistry.class)
public final class ChannelsEndpointAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    ChannelsEndpoint channelsEndpoint(ChannelRegistry registry) {
        return new ChannelsEndpoint(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ChannelsEndpoint.class)
    @ConditionalOnAvailableEndpoint(value = ChannelsEndpoint.class, exposure = EndpointExposure.WEB)
    ChannelsEndpointWebExtension channelsEndpointWebExtension(ChannelsEndpoint endpoint) {
        return new ChannelsEndpointWebExtension(endpoint);
    }
}
