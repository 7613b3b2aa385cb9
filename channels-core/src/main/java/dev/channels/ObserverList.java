package dev.channels;

import dev.channels.internal.Probe;
import java.util.Arrays;

/** An immutable set of observers presented to the engine as one probe. */
final class ObserverList implements Probe {
    private final ChannelObserver[] observers;
    private final boolean timesBuffer;

    private ObserverList(ChannelObserver[] observers) {
        this.observers = observers;
        this.timesBuffer = Arrays.stream(observers).anyMatch(ChannelObserver::timesBuffer);
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
            o.sendBlocked(nanos);
        }
    }

    @Override
    public void receiveBlocked(long nanos) {
        for (ChannelObserver o : observers) {
            o.receiveBlocked(nanos);
        }
    }

    @Override
    public void bufferWaited(long nanos) {
        for (ChannelObserver o : observers) {
            if (o.timesBuffer()) {
                o.bufferWaited(nanos);
            }
        }
    }

    @Override
    public boolean timesBuffer() {
        return timesBuffer;
    }
}
