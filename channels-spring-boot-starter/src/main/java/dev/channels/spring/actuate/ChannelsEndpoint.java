package dev.channels.spring.actuate;

import dev.channels.Channel;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.registry.ChannelRegistry;
import dev.channels.spring.registry.RemoteChannel;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code channels} actuator endpoint: every registered channel sorted by name, with its
 * listeners; one channel by name; closing a channel by name; pausing and resuming one of its
 * listeners. Closing, pausing and resuming are write operations, available only when the
 * endpoint's access is raised to unrestricted ({@code management.endpoint.channels.access}).
 *
 * <pre>
 * GET  /actuator/channels                          every channel and its listeners
 * GET  /actuator/channels/{name}                   one channel
 * POST /actuator/channels/{name}                   closes it
 * GET  /actuator/channels/{name}/{listener}        one of its listeners (by id)
 * POST /actuator/channels/{name}/{listener}        {"action": "pause"} pauses it, {"action": "resume"} resumes it
 * </pre>
 */
@Endpoint(id = "channels", defaultAccess = Access.READ_ONLY)
public class ChannelsEndpoint {
    private final ChannelRegistry registry;
    private final ChannelListenerRegistry listeners;

    /**
     * Creates the endpoint without listeners.
     *
     * @param registry the channels to show
     */
    public ChannelsEndpoint(ChannelRegistry registry) {
        this(registry, null);
    }

    /**
     * Creates the endpoint.
     *
     * @param registry the channels to show
     * @param listeners their listeners, or null
     */
    public ChannelsEndpoint(ChannelRegistry registry, ChannelListenerRegistry listeners) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.listeners = listeners;
    }

    /**
     * Every registered channel.
     *
     * @return the channels, sorted by name
     */
    @ReadOperation
    public ChannelsDescriptor channels() {
        return new ChannelsDescriptor(registry.channels().entrySet().stream()
                .map(entry -> describe(entry.getKey(), entry.getValue()))
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
        return registry.find(name).map(channel -> describe(name, channel)).orElse(null);
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
            return describe(name, channel);
        }).orElse(null);
    }

    /**
     * One listener of a channel.
     *
     * @param name the channel's registry name
     * @param listener the listener's id
     * @return the listener, or null if the channel has no listener of that id
     */
    @ReadOperation
    public ListenerDescriptor listener(@Selector String name, @Selector String listener) {
        return find(name, listener).map(ListenerDescriptor::of).orElse(null);
    }

    /**
     * Pauses or resumes a listener of a channel: a paused listener finishes what it holds and takes
     * no more, so the channel fills and its senders wait.
     *
     * @param name the channel's registry name
     * @param listener the listener's id
     * @param action {@code pause} or {@code resume}
     * @return the listener after the action, or null if the channel has no listener of that id
     * @throws IllegalArgumentException if the action is neither
     * @throws UnsupportedOperationException if the listener is a loop container, which cannot pause
     */
    @WriteOperation
    public ListenerDescriptor control(@Selector String name, @Selector String listener, String action) {
        ListenerAction what = ListenerAction.of(action);
        return find(name, listener).map(container -> {
            what.apply(container);
            return ListenerDescriptor.of(container);
        }).orElse(null);
    }

    private Optional<ChannelListenerContainer> find(String name, String listener) {
        if (listeners == null) {
            return Optional.empty();
        }
        return listeners.find(listener).filter(container -> container.channelName().equals(name));
    }

    private ChannelDescriptor describe(String name, Channel<?> channel) {
        List<ListenerDescriptor> own = listeners == null ? List.of() : listeners.containers().stream()
                .filter(container -> container.channelName().equals(name)).map(ListenerDescriptor::of).toList();
        ChannelDescriptor descriptor = ChannelDescriptor.of(name, channel.stats(), own);
        return channel instanceof RemoteChannel remote ? descriptor.withRemote(remote.remoteDetails()) : descriptor;
    }

    /** What {@link #listener} may do. */
    enum ListenerAction {
        PAUSE {
            @Override
            void apply(ChannelListenerContainer container) {
                container.pause();
            }
        },
        RESUME {
            @Override
            void apply(ChannelListenerContainer container) {
                container.resume();
            }
        };

        abstract void apply(ChannelListenerContainer container);

        static ListenerAction of(String action) {
            for (ListenerAction known : values()) {
                if (known.name().toLowerCase(Locale.ROOT).equals(action)) {
                    return known;
                }
            }
            throw new IllegalArgumentException("'" + action + "' is not something a listener does; use pause or resume");
        }
    }

    /**
     * The response of the list operation.
     *
     * @param channels the channels, sorted by name
     */
    public record ChannelsDescriptor(List<ChannelDescriptor> channels) implements OperationResponseBody {
    }
}
