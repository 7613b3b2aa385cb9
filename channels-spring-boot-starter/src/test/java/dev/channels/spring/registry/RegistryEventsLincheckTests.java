package dev.channels.spring.registry;

import dev.channels.Channel;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The registry's event delivery ({@link RegistryEvents}) as {@link ChannelRegistry} uses it: each
 * change queues its calls under a lock and delivers after releasing it. Checked by Lincheck's model
 * checking (every interleaving of random scenarios, up to a budget) and a short stress run: after
 * each part of a scenario, when every thread has returned, every observer has had every call queued
 * while it was subscribed, once, in the order of the changes, never two at a time, and none after
 * it was unsubscribed. The registry's own operations, with real channels, are stressed by
 * {@link ChannelRegistryStressTests}.
 *
 * <p>{@code -Dchannels.verify.long=true} runs more scenarios and interleavings.
 */
@Tag("lincheck")
class RegistryEventsLincheckTests {
    private static final boolean LONG = Boolean.getBoolean("channels.verify.long");

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(LONG ? 100 : 15).invocationsPerIteration(LONG ? 5_000 : 300)
                .threads(LONG ? 3 : 2).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(Model.class);
    }

    @Test
    void stress() {
        new StressOptions().iterations(LONG ? 100 : 10).invocationsPerIteration(LONG ? 5_000 : 300)
                .threads(3).actorsPerThread(3).actorsBefore(1).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(Model.class);
    }

    /** A registry reduced to its events: changes numbered under a lock, observers that join and leave. */
    public static class Model {
        private final Object lock = new Object();
        private final RegistryEvents events = new RegistryEvents();
        private final List<Recorder> recorders = new ArrayList<>(); // guarded by lock
        private int changes; // guarded by lock

        public Model() {
            subscribe();
        }

        /** A change: numbered and queued for every observer under the lock, delivered after it. */
        @Operation
        public int change() {
            int number;
            synchronized (lock) {
                number = ++changes;
                for (Recorder recorder : recorders) {
                    if (recorder.subscribed) {
                        recorder.owed.add(number);
                    }
                }
                events.queueForAll("change " + number, observer -> observer.channelAdded(Integer.toString(number), null));
            }
            events.deliver();
            return number;
        }

        /** A new observer, owed every change from now on. */
        @Operation
        public void subscribe() {
            synchronized (lock) {
                Recorder recorder = new Recorder();
                recorders.add(recorder);
                events.subscribe(recorder);
            }
        }

        /** The oldest observer still subscribed leaves: owed nothing more. */
        @Operation
        public void unsubscribe() {
            synchronized (lock) {
                for (Recorder recorder : recorders) {
                    if (recorder.subscribed) {
                        recorder.subscribed = false;
                        events.unsubscribe(recorder);
                        return;
                    }
                }
            }
        }

        @Validate
        public void everyObserverHadWhatItWasOwedInOrderOneAtATime() {
            synchronized (lock) {
                for (Recorder recorder : recorders) {
                    // A leaver may miss what was queued for it and not yet delivered; what it had is a prefix.
                    List<Integer> expected = recorder.subscribed ? recorder.owed
                            : recorder.owed.subList(0, Math.min(recorder.owed.size(), recorder.had.size()));
                    if (recorder.overlapped || !recorder.had.equals(expected)) {
                        throw new IllegalStateException("observer had " + recorder.had + (recorder.overlapped
                                ? " with calls at the same time" : "") + " but was owed " + recorder.owed);
                    }
                }
            }
        }
    }

    /** {@link Model#change()} numbers the changes from 1. */
    public static class Spec {
        private int changes;

        public int change() {
            return ++changes;
        }

        public void subscribe() {
        }

        public void unsubscribe() {
        }
    }

    /** Records the changes it is told of, and whether two calls ever overlapped. */
    static final class Recorder implements ChannelRegistryObserver {
        final List<Integer> owed = new ArrayList<>(); // guarded by the model's lock
        final List<Integer> had = new ArrayList<>();
        boolean subscribed = true; // guarded by the model's lock
        boolean overlapped;
        private boolean inCall;

        @Override
        public void channelAdded(String name, Channel<?> channel) {
            if (inCall) {
                overlapped = true;
            }
            inCall = true;
            had.add(Integer.valueOf(name));
            inCall = false;
        }
    }
}
