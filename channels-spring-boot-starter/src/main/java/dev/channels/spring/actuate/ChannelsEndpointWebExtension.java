package dev.channels.spring.actuate;

import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * HTTP statuses for the {@link ChannelsEndpoint}: an unknown channel name, or a listener id that
 * is not one of the channel's listeners, is 404 Not Found, for reading, closing, pausing and
 * resuming alike; an action other than pause and resume is 400 Bad Request; pausing a loop
 * container, which receives on its own, is 409 Conflict.
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

    /**
     * One listener of a channel, or 404.
     *
     * @param name the channel's registry name
     * @param listener the listener's id
     * @return the listener, or a 404 response
     */
    @ReadOperation
    public WebEndpointResponse<ListenerDescriptor> listener(@Selector String name, @Selector String listener) {
        ListenerDescriptor found = delegate.listener(name, listener);
        return found != null ? new WebEndpointResponse<>(found) : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }

    /**
     * Pauses or resumes a listener, or 404, 400 or 409.
     *
     * @param name the channel's registry name
     * @param listener the listener's id
     * @param action {@code pause} or {@code resume}
     * @return the listener after the action, or an error response
     */
    @WriteOperation
    public WebEndpointResponse<Object> control(@Selector String name, @Selector String listener, String action) {
        try {
            ListenerDescriptor done = delegate.control(name, listener, action);
            return done != null ? new WebEndpointResponse<>(done) : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        } catch (IllegalArgumentException unknownAction) {
            return new WebEndpointResponse<>(Map.of("error", unknownAction.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
        } catch (UnsupportedOperationException cannot) {
            return new WebEndpointResponse<>(Map.of("error", cannot.getMessage()), 409);
        }
    }

    private static WebEndpointResponse<ChannelDescriptor> respond(ChannelDescriptor channel) {
        return channel != null ? new WebEndpointResponse<>(channel) : new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }
}
