package dev.channels.spring.listener;

import dev.channels.spring.support.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The application's {@link ChannelListenerContainer}s, of every mode: starts them together, stops
 * them together, and tells subscribers (such as metrics) of each one.
 *
 * <p>Thread-safe. The registry's lock guards its list of containers and subscribers and its
 * started and shutting-down flags, and is held only to change or copy them: subscribers are called,
 * and containers started, told of the shutdown or stopped, after it is released. A decision taken
 * under the lock (start this container, tell this subscriber) is carried out outside it, and each
 * is safe to carry out late or twice: starting is done once per container, a container stopped
 * before it started never starts, and every subscriber hears of every container exactly once.
 */
public final class ChannelListenerRegistry {
    private final List<ChannelListenerContainer> containers = new CopyOnWriteArrayList<>(); // changed under changes
    private final List<Consumer<? super ChannelListenerContainer>> subscribers = new CopyOnWriteArrayList<>(); // same
    private final Object changes = new Object();
    private boolean started; // guarded by changes
    private boolean shuttingDown; // guarded by changes

    /**
     * Adds a container, tells the subscribers of it, and starts it if the registry has been
     * started.
     *
     * @param container the container
     */
    public void register(ChannelListenerContainer container) {
        Objects.requireNonNull(container, "container");
        List<Consumer<? super ChannelListenerContainer>> toTell;
        boolean shutDown;
        boolean start;
        synchronized (changes) {
            containers.add(container);
            toTell = List.copyOf(subscribers);
            shutDown = shuttingDown;
            start = started;
        }
        toTell.forEach(subscriber -> subscriber.accept(container));
        if (shutDown) {
            container.beginShutdown();
        }
        if (start) {
            container.start();
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

    /** Starts every container, and those registered from now on. */
    public void start() {
        List<ChannelListenerContainer> toStart;
        synchronized (changes) {
            started = true;
            toStart = List.copyOf(containers);
        }
        toStart.forEach(ChannelListenerContainer::start);
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
     * down (see {@link ChannelListenerContainer#beginShutdown()}); they go on consuming.
     */
    public void beginShutdown() {
        List<ChannelListenerContainer> toTell;
        synchronized (changes) {
            shuttingDown = true;
            toTell = List.copyOf(containers);
        }
        toTell.forEach(ChannelListenerContainer::beginShutdown);
    }

    /**
     * Stops every container now (see {@link ChannelListenerContainer#stop()}); containers
     * registered from now on are not started.
     */
    public void stop() {
        List<ChannelListenerContainer> toStop;
        synchronized (changes) {
            started = false;
            toStop = List.copyOf(containers);
        }
        toStop.forEach(ChannelListenerContainer::stop);
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
