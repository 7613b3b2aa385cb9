package dev.channels.spring.registry;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The observers of a {@link ChannelRegistry} and the calls owed to them, delivered one at a time,
 * in the order the registry queued them, and never under the registry's lock.
 *
 * <p>Algorithm: the registry queues each event while it holds its lock, one call per observer
 * subscribed at that moment, so the queue's order is the order of the changes. After releasing the
 * lock it calls {@link #deliver()}: the thread that wins the {@code delivering} flag runs queued
 * calls until the queue is empty; a thread that finds another delivering returns at once, leaving
 * its calls to that thread. No thread waits for another, so an observer may call the registry (its
 * own calls are queued behind the current one) or block without stalling other threads' changes.
 *
 * <p>Invariants: (1) at most one thread runs observer calls at a time, so calls are made one at a
 * time and in queue order; (2) no call is lost: a deliverer re-checks the queue after clearing the
 * flag, so a call queued while it was finishing is run by it or by the thread that queued it; once
 * every thread has returned from {@code deliver()}, the queue is empty; (3) a subscription removed
 * before a queued call to it runs is not called.
 */
final class RegistryEvents {
    private static final Log logger = LogFactory.getLog(ChannelRegistry.class);

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Queue<Call> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();

    /** One observer, for as long as it is subscribed. */
    static final class Subscription {
        final ChannelRegistryObserver observer;
        volatile boolean active = true;

        Subscription(ChannelRegistryObserver observer) {
            this.observer = observer;
        }
    }

    /** One call owed to one observer. */
    private record Call(Subscription subscription, String event, Consumer<ChannelRegistryObserver> call) {
    }

    /**
     * Subscribes {@code observer}; the caller holds the registry's lock, so that the events queued
     * from now on include it. A call to it for what exists now is the caller's to queue next.
     */
    Subscription subscribe(ChannelRegistryObserver observer) {
        Subscription subscription = new Subscription(observer);
        subscriptions.add(subscription);
        return subscription;
    }

    /** Unsubscribes {@code observer}; under the registry's lock. Queued calls to it are skipped. */
    boolean unsubscribe(ChannelRegistryObserver observer) {
        for (Subscription subscription : subscriptions) {
            if (subscription.observer == observer) {
                subscription.active = false;
                return subscriptions.remove(subscription);
            }
        }
        return false;
    }

    /** Queues {@code call} for every observer subscribed now; under the registry's lock. */
    void queueForAll(String event, Consumer<ChannelRegistryObserver> call) {
        for (Subscription subscription : subscriptions) {
            queue.add(new Call(subscription, event, call));
        }
    }

    /** Queues {@code call} for one observer; under the registry's lock. */
    void queueFor(Subscription subscription, String event, Consumer<ChannelRegistryObserver> call) {
        queue.add(new Call(subscription, event, call));
    }

    /**
     * Runs the queued calls, unless another thread is running them; called without the registry's
     * lock. What an observer throws is logged and does not keep the others from their calls.
     */
    void deliver() {
        while (!queue.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                for (Call next = queue.poll(); next != null; next = queue.poll()) {
                    run(next);
                }
            } finally {
                delivering.set(false);
            }
        }
    }

    private static void run(Call call) {
        if (!call.subscription().active) {
            return;
        }
        try {
            call.call().accept(call.subscription().observer);
        } catch (RuntimeException failure) {
            logger.warn("Registry observer " + call.subscription().observer + " failed on " + call.event(), failure);
        }
    }
}
