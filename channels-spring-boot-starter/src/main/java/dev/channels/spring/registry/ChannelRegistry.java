package dev.channels.spring.registry;

import dev.channels.Channel;
import dev.channels.ChannelBuilder;
import dev.channels.ChannelStats;
import dev.channels.spring.support.Deadline;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Named channels of one application, and the observers that watch them come, go and close.
 *
 * <p>Metrics, health and management read the registry rather than the channels' creators, so a
 * channel counts wherever it came from: {@link #create created} here from configuration,
 * {@link #register registered} by whoever built it, or removed again when its owner is done with
 * it. The registry holds no framework types and may be used on its own.
 *
 * <pre>{@code
 * ChannelRegistry registry = new ChannelRegistry();
 * Channel<Order> orders = registry.create("orders", b -> b.capacity(100));
 * registry.addObserver(new ChannelRegistryObserver() { ... });
 * }</pre>
 *
 * <p>Thread-safe. Changes (register, remove, close, adding an observer) take the registry's lock
 * only to update the map and queue one call per observer; observers are called after the lock is
 * released, one call at a time, in the order of the changes (see {@link ChannelRegistryObserver}).
 * Reads ({@link #find}, {@link #channels}) take no lock.
 */
public final class ChannelRegistry {
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    private final RegistryEvents events = new RegistryEvents();
    private final Object changes = new Object(); // guards changes to registrations and subscriptions, and queueing
    private final List<ChannelCustomizer> customizers;

    /** A registry that builds channels as their settings say. */
    public ChannelRegistry() {
        this(List.of());
    }

    /**
     * A registry that applies {@code customizers}, in this order, to every channel it builds.
     *
     * @param customizers the customizers
     */
    public ChannelRegistry(List<? extends ChannelCustomizer> customizers) {
        this.customizers = List.copyOf(customizers);
    }

    /**
     * The customizers this registry applies to every channel it builds, in order: also for a
     * {@link dev.channels.spring.autoconfigure.ChannelBackend} to apply to the local parts of the
     * channels it builds.
     *
     * @return the customizers, unmodifiable
     */
    public List<ChannelCustomizer> customizers() {
        return customizers;
    }

    /**
     * Builds a channel named {@code name} and registers it under that name. The registry's
     * {@link ChannelCustomizer}s see the builder after {@code settings}, before the channel is built;
     * none of them runs under the registry's lock.
     *
     * @param name the name, for the channel and the registry
     * @param settings sets capacity, overflow policy and the rest on the builder
     * @param <T> the element type
     * @return the new channel
     * @throws IllegalArgumentException if the name is blank or the settings are invalid
     * @throws IllegalStateException if another channel is registered under {@code name}
     */
    public <T> Channel<T> create(String name, Consumer<? super ChannelBuilder<T>> settings) {
        requireName(name);
        Objects.requireNonNull(settings, "settings");
        ChannelBuilder<T> builder = Channel.<T>builder().name(name);
        settings.accept(builder);
        for (ChannelCustomizer customizer : customizers) {
            customizer.customize(name, builder);
        }
        return register(name, builder.build());
    }

    /**
     * Registers {@code channel} under {@code name}. Registering the same channel under the same name
     * again changes nothing.
     *
     * @param name the name; the channel's own {@link Channel#name()} may differ
     * @param channel the channel
     * @param <C> the channel's type
     * @return {@code channel}
     * @throws IllegalArgumentException if the name is blank
     * @throws IllegalStateException if a different channel is registered under {@code name}
     */
    public <C extends Channel<?>> C register(String name, C channel) {
        requireName(name);
        Objects.requireNonNull(channel, "channel");
        boolean closedAlready = channel.isClosed(); // read before the lock: the channel is the caller's
        Registration registration;
        synchronized (changes) {
            Registration existing = registrations.get(name);
            if (existing != null) {
                if (existing.channel == channel) {
                    return channel;
                }
                throw new IllegalStateException("A different channel is already registered as '" + name + "'");
            }
            registration = new Registration(name, channel, closedAlready);
            registrations.put(name, registration);
            events.queueForAll("channelAdded('" + name + "')", observer -> observer.channelAdded(name, channel));
        }
        events.deliver();
        channel.onClose(stats -> closed(registration, stats));
        return channel;
    }

    /**
     * Removes the channel registered under {@code name}, without closing it.
     *
     * @param name the name
     * @return the removed channel, if there was one
     */
    public Optional<Channel<?>> remove(String name) {
        Registration removed;
        synchronized (changes) {
            removed = removeLocked(name);
        }
        events.deliver();
        return removed == null ? Optional.empty() : Optional.of(removed.channel);
    }

    /**
     * Removes {@code channel} if it is the one registered under {@code name}, without closing it.
     *
     * @param name the name
     * @param channel the channel expected there
     * @return true if it was removed
     */
    public boolean remove(String name, Channel<?> channel) {
        Registration removed = null;
        synchronized (changes) {
            Registration current = registrations.get(name);
            if (current != null && current.channel == channel) {
                removed = removeLocked(name);
            }
        }
        events.deliver();
        return removed != null;
    }

    private Registration removeLocked(String name) {
        Registration removed = registrations.remove(name);
        if (removed != null) {
            events.queueForAll("channelRemoved('" + name + "')", observer -> observer.channelRemoved(name, removed.channel));
        }
        return removed;
    }

    /**
     * The channel registered under {@code name}.
     *
     * @param name the name
     * @return the channel, or empty
     */
    public Optional<Channel<?>> find(String name) {
        Registration registration = registrations.get(name);
        return registration == null ? Optional.empty() : Optional.of(registration.channel);
    }

    /**
     * The channel registered under {@code name}, for callers to which its absence is an error.
     *
     * @param name the name
     * @return the channel
     * @throws NoSuchChannelException if none is registered under {@code name}; its message names
     *     the channels there are
     */
    public Channel<?> require(String name) {
        Registration registration = registrations.get(Objects.requireNonNull(name, "name"));
        if (registration == null) {
            throw new NoSuchChannelException(name, new TreeSet<>(registrations.keySet()));
        }
        return registration.channel;
    }

    /**
     * A snapshot of the registered channels, sorted by name.
     *
     * @return name to channel, unmodifiable
     */
    public SortedMap<String, Channel<?>> channels() {
        SortedMap<String, Channel<?>> snapshot = new TreeMap<>();
        registrations.forEach((name, registration) -> snapshot.put(name, registration.channel));
        return Collections.unmodifiableSortedMap(snapshot);
    }

    /**
     * Adds an observer and tells it of every channel registered now, then of each change from now
     * on. The calls for what is registered now come first, possibly on another thread and after
     * this method returns if another thread is delivering calls at the time.
     *
     * @param observer the observer
     */
    public void addObserver(ChannelRegistryObserver observer) {
        Objects.requireNonNull(observer, "observer");
        synchronized (changes) {
            RegistryEvents.Subscription subscription = events.subscribe(observer);
            channels().forEach((name, channel) -> events.queueFor(subscription, "channelAdded('" + name + "')",
                    added -> added.channelAdded(name, channel)));
        }
        events.deliver();
    }

    /**
     * Removes an observer added with {@link #addObserver}: once this returns, no call to it starts
     * (one already running on another thread may still finish).
     *
     * @param observer the observer, the same instance that was added
     * @return true if it was there
     */
    public boolean removeObserver(ChannelRegistryObserver observer) {
        synchronized (changes) {
            return events.unsubscribe(observer);
        }
    }

    /**
     * Closes every registered channel, so that no more is sent; what is buffered can still be
     * received. Close events caused by this call carry {@link CloseCause#SHUTDOWN}.
     */
    public void shutdown() {
        for (Registration registration : registrations.values()) {
            registration.shutDown();
        }
    }

    /**
     * Closes the channel registered under {@code name}, as {@link #shutdown()} closes them all:
     * nothing more can be sent, what is buffered can still be received, and its close event carries
     * {@link CloseCause#SHUTDOWN}.
     *
     * @param name the name
     * @return the channel, or empty if none is registered under {@code name}
     */
    public Optional<Channel<?>> shutdown(String name) {
        Registration registration = registrations.get(name);
        if (registration == null) {
            return Optional.empty();
        }
        registration.shutDown();
        return Optional.of(registration.channel);
    }

    /**
     * Waits until every closed channel is drained or {@code timeout} has passed, whichever is first,
     * and tells what is still buffered. Channels that are still open are not waited for.
     *
     * @param timeout the longest wait, shared by all channels
     * @return name to number of buffered values, for channels that still hold any; sorted by name
     * @throws InterruptedException if interrupted while waiting
     */
    public SortedMap<String, Integer> awaitDrained(Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        for (Channel<?> channel : channels().values()) {
            if (channel.isClosed()) {
                channel.awaitDrained(deadline.left());
            }
        }
        return buffered();
    }

    /**
     * The channels that hold buffered values now.
     *
     * @return name to number of buffered values, for channels that hold any; sorted by name
     */
    public SortedMap<String, Integer> buffered() {
        SortedMap<String, Integer> buffered = new TreeMap<>();
        registrations.forEach((name, registration) -> {
            int size = registration.channel.size();
            if (size > 0) {
                buffered.put(name, size);
            }
        });
        return Collections.unmodifiableSortedMap(buffered);
    }

    /** The close callback of a registered channel: runs on the closing thread, after the channel's own lock. */
    private void closed(Registration registration, ChannelStats stats) {
        if (registration.closedWhenRegistered) {
            return;
        }
        CloseCause cause = stats.failed() ? CloseCause.FAIL : registration.shutdown ? CloseCause.SHUTDOWN : CloseCause.CLOSE;
        synchronized (changes) {
            if (registrations.get(registration.name) != registration) {
                return;
            }
            events.queueForAll("channelClosed('" + registration.name + "', " + cause.tagValue() + ")",
                    observer -> observer.channelClosed(registration.name, stats, cause));
        }
        events.deliver();
    }

    private static void requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A channel's registry name must not be blank");
        }
    }

    @Override
    public String toString() {
        return "ChannelRegistry" + channels().keySet();
    }

    /** One channel under one name; a new registration of the same name is a new object. */
    private static final class Registration {
        final String name;
        final Channel<?> channel;
        /** Closed before it was registered: its close is no event of this registry. */
        final boolean closedWhenRegistered;
        volatile boolean shutdown;

        Registration(String name, Channel<?> channel, boolean closedWhenRegistered) {
            this.name = name;
            this.channel = channel;
            this.closedWhenRegistered = closedWhenRegistered;
        }

        void shutDown() {
            shutdown = true;
            channel.close();
        }
    }
}
