package dev.channels.spring.listener;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The application's {@link ChannelListenerContainer}s: starts them together, stops them together,
 * and tells subscribers (such as metrics) of each one.
 */
public final class ChannelListenerRegistry {
    private final List<ChannelListenerContainer> containers = new CopyOnWriteArrayList<>();
    private final List<Consumer<? super ChannelListenerContainer>> subscribers = new CopyOnWriteArrayList<>();
    private final Object changes = new Object();
    private boolean started; // guarded by changes
    private boolean shuttingDown; // guarded by changes

    /**
     * Adds a container; it starts at once if the registry has been started.
     *
     * @param container the container
     */
    public void register(ChannelListenerContainer container) {
        Objects.requireNonNull(container, "container");
        synchronized (changes) {
            containers.add(container);
            subscribers.forEach(subscriber -> subscriber.accept(container));
            if (shuttingDown) {
                container.beginShutdown();
            }
            if (started) {
                container.start();
            }
        }
    }

    /**
     * Calls {@code subscriber} for every container registered now and for each one registered later.
     *
     * @param subscriber the callback
     */
    public void subscribe(Consumer<? super ChannelListenerContainer> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        synchronized (changes) {
            subscribers.add(subscriber);
            containers.forEach(subscriber);
        }
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
        synchronized (changes) {
            started = true;
            containers.forEach(ChannelListenerContainer::start);
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
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean ended = true;
        for (ChannelListenerContainer container : containers) {
            ended &= container.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return ended;
    }

    /**
     * Tells every container, and those registered from now on, that the application is shutting
     * down (see {@link ChannelListenerContainer#beginShutdown()}); they go on consuming.
     */
    public void beginShutdown() {
        synchronized (changes) {
            shuttingDown = true;
            containers.forEach(ChannelListenerContainer::beginShutdown);
        }
    }

    /** Stops every container now (see {@link ChannelListenerContainer#stop()}). */
    public void stop() {
        synchronized (changes) {
            started = false;
            containers.forEach(ChannelListenerContainer::stop);
        }
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
