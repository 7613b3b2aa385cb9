package dev.channels.spring.listener;

import dev.channels.Channel;
import dev.channels.spring.registry.ChannelRegistry;
import dev.channels.spring.registry.NoSuchChannelException;
import dev.channels.spring.support.Deadline;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The application's {@link ChannelListenerContainer}s, of every mode, by id: starts them together
 * (those that start with it), stops them together, controls each one by id ({@link #start(String)},
 * {@link #stop(String)}, {@link #pause(String)}, {@link #resume(String)}, {@link #state(String)}),
 * and tells subscribers (such as metrics) of each one.
 *
 * <p>{@link #register} checks every container, however it was made: its id must be new, and, when
 * the registry knows the {@link ChannelRegistry}, its channel must be the one registered under the
 * container's channel name. It then gives the container the {@link ChannelListenerDefaults} for
 * what the container does not set itself.
 *
 * <p>Thread-safe. The registry's lock guards its containers and subscribers and its started and
 * shutting-down flags, and is held only to change or copy them: subscribers are called, and
 * containers started, told of the shutdown or stopped, after it is released. A decision taken under
 * the lock (start this container, tell this subscriber) is carried out outside it, and each is safe
 * to carry out late: a container refuses to start once stopped for good or told of the shutdown,
 * which the registry does to every container it holds, and every subscriber hears of every
 * container exactly once.
 */
public final class ChannelListenerRegistry {
    private final ChannelRegistry channels; // null: containers' channels are not checked
    private final ChannelListenerDefaults defaults;
    private final List<ChannelListenerContainer> containers = new CopyOnWriteArrayList<>(); // changed under changes
    private final Map<String, String> described = new HashMap<>(); // id to who registered it; guarded by changes
    private final Map<String, ChannelListenerContainer> byId = new java.util.concurrent.ConcurrentHashMap<>(); // same
    private final List<Consumer<? super ChannelListenerContainer>> subscribers = new CopyOnWriteArrayList<>(); // same
    private final Object changes = new Object();
    private boolean started; // guarded by changes
    private boolean shuttingDown; // guarded by changes
    private Deadline shutdownDeadline; // guarded by changes

    /** A registry that checks ids only and gives containers {@link ChannelListenerDefaults#NONE}. */
    public ChannelListenerRegistry() {
        this(null, ChannelListenerDefaults.NONE);
    }

    /**
     * A registry that checks each container's channel against {@code channels} and gives
     * containers {@code defaults}.
     *
     * @param channels the application's channels, or null not to check
     * @param defaults what containers get that they do not set themselves
     */
    public ChannelListenerRegistry(ChannelRegistry channels, ChannelListenerDefaults defaults) {
        this.channels = channels;
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    /**
     * Checks a container, adds it, tells the subscribers of it, and starts it if the registry has
     * been started and the container starts with it.
     *
     * @param container the container
     * @throws InvalidChannelListenerException if another container has its id, or its channel is
     *     not the one registered under its channel name
     */
    public void register(ChannelListenerContainer container) {
        register(container, Objects.requireNonNull(container, "container").toString());
    }

    /**
     * {@link #register(ChannelListenerContainer)}, with the container described for people (such as
     * the method it was made from) in what the checks throw.
     */
    void register(ChannelListenerContainer container, String description) {
        Objects.requireNonNull(container, "container");
        checkChannel(container, description);
        container.applyDefaults(defaults);
        List<Consumer<? super ChannelListenerContainer>> toTell;
        boolean shutDown;
        Deadline deadline;
        boolean start;
        synchronized (changes) {
            String taken = described.get(container.id());
            if (taken != null) {
                throw new InvalidChannelListenerException(description, "its id '" + container.id() + "' is the id of "
                        + taken, "Give each listener an id of its own (@ChannelListener(id = \"...\"), or the id"
                                + " a container is made with).");
            }
            described.put(container.id(), description);
            byId.put(container.id(), container);
            containers.add(container);
            toTell = List.copyOf(subscribers);
            shutDown = shuttingDown;
            deadline = shutdownDeadline;
            start = started && container.startsWithRegistry(defaults.autoStartup());
        }
        toTell.forEach(subscriber -> subscriber.accept(container));
        if (shutDown) {
            container.beginShutdown(deadline);
        }
        if (start) {
            container.start();
        }
    }

    /** The container's channel must be the one registered under its channel name (a receive-only view: the name is checked). */
    private void checkChannel(ChannelListenerContainer container, String description) {
        if (channels == null) {
            return;
        }
        Channel<?> registered;
        try {
            registered = channels.require(container.channelName());
        } catch (NoSuchChannelException missing) {
            throw new InvalidChannelListenerException(description, "it consumes channel '" + container.channelName()
                    + "'. " + missing.getMessage(), "A listener belongs to the channel registered under the channel's"
                            + " own name: give it a channel of channels.instances, one made with ChannelRegistry.create, or"
                            + " a Channel bean built with its bean's name (Channel.builder().name(\"<bean name>\")).",
                    missing);
        }
        if (container.channel() instanceof Channel<?> consumed && consumed != registered) {
            throw new InvalidChannelListenerException(description, "it consumes a channel named '"
                    + container.channelName() + "', but the channel registered under that name is another one",
                    "Give the container the registered channel: inject it by its name, such as @Qualifier(\""
                            + container.channelName() + "\"), or look it up in the ChannelRegistry.");
        }
    }

    /**
     * Calls {@code subscriber} for every container registered now and for each one registered
     * later, once each. Calls are made by the thread that subscribes (for the containers there now)
     * and by the threads that register (for later ones), so they may come from several threads at
     * once.
     *
     * @param subscriber the callback
     */
    public void subscribe(Consumer<? super ChannelListenerContainer> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        List<ChannelListenerContainer> existing;
        synchronized (changes) {
            subscribers.add(subscriber);
            existing = List.copyOf(containers);
        }
        existing.forEach(subscriber);
    }

    /**
     * The registered containers.
     *
     * @return an unmodifiable snapshot, in registration order
     */
    public List<ChannelListenerContainer> containers() {
        return List.copyOf(containers);
    }

    /**
     * The container with id {@code id}.
     *
     * @param id the listener's id
     * @return the container, or empty
     */
    public Optional<ChannelListenerContainer> find(String id) {
        return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id")));
    }

    /**
     * The container with id {@code id}, for callers to which its absence is an error.
     *
     * @param id the listener's id
     * @return the container
     * @throws NoSuchListenerException if there is none; its message names the id and the listeners there are
     */
    public ChannelListenerContainer require(String id) {
        ChannelListenerContainer container = byId.get(Objects.requireNonNull(id, "id"));
        if (container == null) {
            throw new NoSuchListenerException(id, new TreeSet<>(byId.keySet()));
        }
        return container;
    }

    /**
     * Starts one listener, whether or not it starts with the registry (see
     * {@link ChannelListenerContainer#start()}); once the application shuts down it does nothing.
     *
     * @param id the listener's id
     * @throws NoSuchListenerException if there is no such listener
     */
    public void start(String id) {
        require(id).start();
    }

    /**
     * Stops one listener: it finishes what it holds and takes no more (see
     * {@link ChannelListenerContainer#stop()}); {@link #start(String)} starts it again.
     *
     * @param id the listener's id
     * @throws NoSuchListenerException if there is no such listener
     */
    public void stop(String id) {
        require(id).stop();
    }

    /**
     * Pauses one listener: it finishes what it holds and takes no more until resumed, so its
     * channel fills and the senders wait (see {@link ChannelListenerContainer#pause()}).
     *
     * @param id the listener's id
     * @throws NoSuchListenerException if there is no such listener
     * @throws UnsupportedOperationException if it is a loop container
     */
    public void pause(String id) {
        require(id).pause();
    }

    /**
     * Resumes a paused listener.
     *
     * @param id the listener's id
     * @throws NoSuchListenerException if there is no such listener
     */
    public void resume(String id) {
        require(id).resume();
    }

    /**
     * What one listener is doing.
     *
     * @param id the listener's id
     * @return its state
     * @throws NoSuchListenerException if there is no such listener
     */
    public ListenerState state(String id) {
        return require(id).state();
    }

    /**
     * Starts every container that starts with the registry, and those registered from now on that
     * do; containers with auto-startup off wait for {@link #start(String)}.
     */
    public void start() {
        List<ChannelListenerContainer> toStart;
        synchronized (changes) {
            started = true;
            toStart = List.copyOf(containers);
        }
        boolean byDefault = defaults.autoStartup();
        for (ChannelListenerContainer container : toStart) {
            if (container.startsWithRegistry(byDefault)) {
                container.start();
            }
        }
    }

    /**
     * Waits until every container's threads have ended on their own, at most {@code timeout}.
     *
     * @param timeout the longest wait, shared by all containers
     * @return true if none is still running
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        Deadline deadline = Deadline.after(timeout);
        boolean ended = true;
        for (ChannelListenerContainer container : containers) {
            ended &= container.awaitTermination(deadline.left());
        }
        return ended;
    }

    /**
     * Tells every container, and those registered from now on, that the application is shutting
     * down with no time for retries (see {@link ChannelListenerContainer#beginShutdown()}); they go
     * on consuming.
     */
    public void beginShutdown() {
        beginShutdown(null);
    }

    /**
     * Tells every container, and those registered from now on, that the application is shutting
     * down and stops waiting at {@code deadline} (see
     * {@link ChannelListenerContainer#beginShutdown(Deadline)}); they go on consuming.
     *
     * @param deadline when the shutdown stops waiting, or null for now
     */
    public void beginShutdown(Deadline deadline) {
        List<ChannelListenerContainer> toTell;
        synchronized (changes) {
            shuttingDown = true;
            shutdownDeadline = deadline;
            toTell = List.copyOf(containers);
        }
        toTell.forEach(container -> container.beginShutdown(deadline));
    }

    /**
     * Stops every container now and for good, interrupting their threads (see
     * {@link ChannelListenerContainer#stopNow()}); containers registered from now on are not
     * started. The shutdown does this once its timeout has passed.
     */
    public void stop() {
        List<ChannelListenerContainer> toStop;
        synchronized (changes) {
            started = false;
            toStop = List.copyOf(containers);
        }
        toStop.forEach(ChannelListenerContainer::stopNow);
    }

    /**
     * The containers that still have a running thread.
     *
     * @return the running containers
     */
    public List<ChannelListenerContainer> running() {
        return containers.stream().filter(ChannelListenerContainer::isRunning).toList();
    }
}
