package dev.channels.spring.actuate;

import dev.channels.spring.registry.ChannelRegistry;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code channels} actuator endpoint: every registered channel sorted by name, one channel by
 * name, and closing a channel by name. Closing is a write operation, available only when the
 * endpoint's access is raised to unrestricted ({@code management.endpoint.channels.access}).
 */
@Endpoint(id = "channels", defaultAccess = Access.READ_ONLY)
public class ChannelsEndpoint {
    private final ChannelRegistry registry;

    /**
     * Creates the endpoint.
     *
     * @param registry the channels to show
     */
    public ChannelsEndpoint(ChannelRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Every registered channel.
     *
     * @return the channels, sorted by name
     */
    @ReadOperation
    public ChannelsDescriptor channels() {
        return new ChannelsDescriptor(registry.channels().entrySet().stream()
                .map(entry -> ChannelDescriptor.of(entry.getKey(), entry.getValue().stats()))
                .toList());
    }

    /**
     * One channel.
     *
     * @param name the channel's registry name
     * @return the channel, or null if there is none of that name
     */
    @ReadOperation
    public ChannelDescriptor channel(@Selector String name) {
        return registry.find(name).map(channel -> ChannelDescriptor.of(name, channel.stats())).orElse(null);
    }

    /**
     * Closes a channel: no more sends; what is buffered can still be received.
     *
     * @param name the channel's registry name
     * @return the channel's state after closing, or null if there is none of that name
     */
    @WriteOperation
    public ChannelDescriptor close(@Selector String name) {
        return registry.find(name).map(channel -> {
            channel.close();
            return ChannelDescriptor.of(name, channel.stats());
        }).orElse(null);
    }

    /**
     * The response of the list operation.
     *
     * @param channels the channels, sorted by name
     */
    public record ChannelsDescriptor(List<ChannelDescriptor> channels) implements OperationResponseBody {
    }
}
