package dev.channels;

import dev.channels.internal.Probe;
import java.util.Arrays;

/**
 * An immutable set of observers presented to the engine as one probe. Each observer's
 * {@link ChannelObserver#timesBuffer()} is asked when the set is made (an observer is attached or
 * detached); what an observer throws is reported, never passed to the operation it observed.
 */
final class ObserverList implements Probe {
    private final ChannelObserver[] observers;
    private final boolean[] timesBufferOf; // each observer's timesBuffer(), asked once
    private final boolean timesBuffer;

    private ObserverList(ChannelObserver[] observers) {
        this.observers = observers;
        this.timesBufferOf = new boolean[observers.length];
        boolean any = false;
        for (int i = 0; i < observers.length; i++) {
            timesBufferOf[i] = observers[i].timesBuffer();
            any |= timesBufferOf[i];
        }
        this.timesBuffer = any;
    }

    static ObserverList of(ChannelObserver... observers) {
        return new ObserverList(observers.clone());
    }

    ObserverList plus(ChannelObserver observer) {
        ChannelObserver[] more = Arrays.copyOf(observers, observers.length + 1);
        more[observers.length] = observer;
        return new ObserverList(more);
    }

    /** This list without {@code observer}; null when that leaves it empty. */
    ObserverList minus(ChannelObserver observer) {
        ChannelObserver[] rest = Arrays.stream(observers).filter(o -> o != observer).toArray(ChannelObserver[]::new);
        return rest.length == 0 ? null : new ObserverList(rest);
    }

    boolean contains(ChannelObserver observer) {
        return Arrays.stream(observers).anyMatch(o -> o == observer);
    }

    @Override
    public void sendBlocked(long nanos) {
        for (ChannelObserver o : observers) {
            try {
                o.sendBlocked(nanos);
            } catch (Throwable t) {
                report(t);
            }
        }
    }

    @Override
    public void receiveBlocked(long nanos) {
        for (ChannelObserver o : observers) {
            try {
                o.receiveBlocked(nanos);
            } catch (Throwable t) {
                report(t);
            }
        }
    }

    @Override
    public void bufferWaited(long nanos) {
        for (int i = 0; i < observers.length; i++) {
            if (timesBufferOf[i]) {
                try {
                    observers[i].bufferWaited(nanos);
                } catch (Throwable t) {
                    report(t);
                }
            }
        }
    }

    /**
     * What an observer throws goes to the current thread's uncaught-exception handler: the
     * operation it observed has completed, and the other observers are still told.
     */
    private static void report(Throwable t) {
        Thread self = Thread.currentThread();
        self.getUncaughtExceptionHandler().uncaughtException(self, t);
    }

    @Override
    public boolean timesBuffer() {
        return timesBuffer;
    }
}
