package dev.channels.spring.actuate;

import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * HTTP statuses for the {@link ChannelsEndpoint}: an unknown channel name is 404 Not Found, for
 * reading and for closing alike.
 */
@EndpointWebExtension(endpoint = ChannelsEndpoint.class)
public class ChannelsEndpointWebExtension {
    private final ChannelsEndpoint delegate;

    /**
     * Creates the extension.
     *
     * @param delegate the endpoint
     */
    public ChannelsEndpointWebExtension(ChannelsEndpoint delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * One channel, or 404.
     *
     * @param name the channel's registry name
     * @return the channel, or a 404 response
     */
    @ReadOperation
    public WebEndpointResponse<ChannelDescriptor> channel(@Selector String name) {
        return respond(delegate.channel(name));
    }

    /**
     * Closes a channel, or 404.
     *
     * @param name the channel's registry name
     * @return the channel's state after closing, or a 404 response
     */
    @WriteOperation
    public WebEndpointResponse<ChannelDescriptor> close(@Selector String name) {
        return respond(delegate.close(name));
    }

    private static WebEndpointResponse<ChannelDescriptor> respond(ChannelDescriptor channel) {
        return channel != null ? new WebEndpointResponse<>(channel) : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }
}
