package dev.channels.spring.metrics;

import dev.channels.ChannelObserver;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The opt-in timers of one channel, fed by the channel as a {@link ChannelObserver}. A timer that
 * is off is null; buffer time-stamping is asked for only when the buffer timer is on.
 */
final class ChannelTimers implements ChannelObserver {
    private final Timer sendBlocked;
    private final Timer receiveBlocked;
    private final Timer bufferWait;

    ChannelTimers(Timer sendBlocked, Timer receiveBlocked, Timer bufferWait) {
        this.sendBlocked = sendBlocked;
        this.receiveBlocked = receiveBlocked;
        this.bufferWait = bufferWait;
    }

    boolean isEmpty() {
        return sendBlocked == null && receiveBlocked == null && bufferWait == null;
    }

    @Override
    public void sendBlocked(long nanos) {
        if (sendBlocked != null) {
            sendBlocked.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void receiveBlocked(long nanos) {
        if (receiveBlocked != null) {
            receiveBlocked.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void bufferWaited(long nanos) {
        if (bufferWait != null) {
            bufferWait.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public boolean timesBuffer() {
        return bufferWait != null;
    }
}
