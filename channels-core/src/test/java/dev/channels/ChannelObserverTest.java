package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Observers see blocking and buffer times, and only what they asked for. */
class ChannelObserverTest {

    /** Records every callback. */
    static final class Recorder implements ChannelObserver {
        final List<Long> sendBlocked = new CopyOnWriteArrayList<>();
        final List<Long> receiveBlocked = new CopyOnWriteArrayList<>();
        final List<Long> bufferWaited = new CopyOnWriteArrayList<>();
        final boolean timesBuffer;

        Recorder(boolean timesBuffer) {
            this.timesBuffer = timesBuffer;
        }

        @Override
        public void sendBlocked(long nanos) {
            sendBlocked.add(nanos);
        }

        @Override
        public void receiveBlocked(long nanos) {
            receiveBlocked.add(nanos);
        }

        @Override
        public void bufferWaited(long nanos) {
            bufferWaited.add(nanos);
        }

        @Override
        public boolean timesBuffer() {
            return timesBuffer;
        }
    }

    @Test
    void reportsTimeBlockedInReceiveAndSend() throws Exception {
        Recorder recorder = new Recorder(false);
        Channel<Integer> ch = Channel.<Integer>builder().observer(recorder).build();
        Blocking.Running<Integer> receiver = Blocking.startBlocked(ch::receive);
        Thread.sleep(30);
        ch.send(1);
        receiver.join();
        assertThat(recorder.receiveBlocked).singleElement().satisfies(n -> assertThat(n).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos()));

        Blocking.Running<Object> sender = Blocking.startBlocked(() -> {
            ch.send(2);
            return null;
        });
        Thread.sleep(30);
        assertThat(ch.receive()).isEqualTo(2);
        sender.join();
        assertThat(recorder.sendBlocked).singleElement().satisfies(n -> assertThat(n).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos()));
        assertThat(recorder.bufferWaited).as("not asked for").isEmpty();
    }

    @Test
    void operationsThatDoNotWaitAreNotReported() throws Exception {
        Recorder recorder = new Recorder(false);
        Channel<Integer> ch = Channel.<Integer>builder().capacity(4).observer(recorder).build();
        ch.send(1);
        ch.receive();
        assertThat(recorder.sendBlocked).isEmpty();
        assertThat(recorder.receiveBlocked).isEmpty();
    }

    @Test
    void reportsTimeWaitedInTheBufferWhenAsked() throws Exception {
        Recorder recorder = new Recorder(true);
        Channel<Integer> ch = Channel.<Integer>builder().capacity(4).build();
        ch.send(0); // buffered before the observer: no time stamp, not reported
        ch.addObserver(recorder);
        ch.send(1);
        ch.send(2);
        Thread.sleep(20);
        assertThat(ch.receive()).isZero();
        assertThat(ch.receive()).isEqualTo(1);
        assertThat(ch.receive()).isEqualTo(2);
        assertThat(recorder.bufferWaited).hasSize(2)
                .allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos()));
    }

    @Test
    void bufferTimingSurvivesGrowthOfAnUnlimitedBuffer() throws Exception {
        Recorder recorder = new Recorder(true);
        Channel<Integer> ch = Channel.<Integer>builder().unlimited().observer(recorder).build();
        for (int i = 0; i < 5_000; i++) {
            ch.send(i);
        }
        for (int i = 0; i < 5_000; i++) {
            assertThat(ch.receive()).isEqualTo(i);
        }
        assertThat(recorder.bufferWaited).hasSize(5_000).allSatisfy(n -> assertThat(n).isNotNegative());
    }

    /** An observer that throws from every callback. */
    static final class Broken implements ChannelObserver {
        @Override
        public void sendBlocked(long nanos) {
            throw new IllegalStateException("observer broke");
        }

        @Override
        public void receiveBlocked(long nanos) {
            throw new IllegalStateException("observer broke");
        }

        @Override
        public void bufferWaited(long nanos) {
            throw new IllegalStateException("observer broke");
        }

        @Override
        public boolean timesBuffer() {
            return true;
        }
    }

    /**
     * What an observer throws goes to the uncaught-exception handler of the thread it was called
     * on; the operation it reports on completes with its value, and the other observers hear of it.
     */
    @Test
    void anObserverThatThrowsIsReportedAndTheOperationsItObservesComplete() throws Exception {
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> reported.add(e));
        Recorder recorder = new Recorder(true);
        try {
            Channel<Integer> ch = Channel.<Integer>builder().capacity(1).observer(new Broken()).build();
            ch.addObserver(recorder);
            ch.send(1);
            assertThat(ch.receive()).as("a buffered value").isEqualTo(1);
            Blocking.Running<Integer> receiver = Blocking.startBlocked(ch::receive);
            ch.send(2);
            assertThat(receiver.join()).as("a value handed to a waiting receiver").isEqualTo(2);
            ch.send(3);
            Blocking.Running<Object> sender = Blocking.startBlocked(() -> {
                ch.send(4);
                return null;
            });
            assertThat(ch.receive()).isEqualTo(3);
            sender.join();
            assertThat(ch.receive()).as("the waiting sender's value").isEqualTo(4);
            assertThat(ch.stats().size()).isZero();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertThat(recorder.bufferWaited).as("values 1, 3 and 4 waited in the buffer").hasSize(3);
        assertThat(recorder.receiveBlocked).hasSize(1);
        assertThat(recorder.sendBlocked).hasSize(1);
        assertThat(reported).as("one report per call of the broken observer").hasSize(5)
                .allSatisfy(e -> assertThat(e).hasMessage("observer broke"));
    }

    @Test
    void removedObserversHearNothingMore() throws Exception {
        Recorder first = new Recorder(true);
        Recorder second = new Recorder(true);
        Channel<Integer> ch = Channel.<Integer>builder().capacity(2).build();
        ch.addObserver(first);
        ch.addObserver(second);
        ch.send(1);
        ch.receive();
        assertThat(ch.removeObserver(first)).isTrue();
        assertThat(ch.removeObserver(first)).isFalse();
        ch.send(2);
        ch.receive();
        assertThat(first.bufferWaited).hasSize(1);
        assertThat(second.bufferWaited).hasSize(2);
    }
}
