package dev.channels.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The per-value form on its own: what counts as a failure, before and during a shutdown, and the
 * one channel reference it keeps.
 */
@ExtendWith(OutputCaptureExtension.class)
class ValueListenerContainerTests {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Channel<String> in = Channel.<String>builder().name("in").capacity(16).build();
    private final Channel<String> out = Channel.buffered(16);
    private final List<ChannelListenerContainer> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopContainers() throws InterruptedException {
        in.close();
        for (ChannelListenerContainer container : started) {
            container.stop();
            container.awaitTermination(WAIT);
        }
    }

    @Test
    void aClosedDownstreamChannelIsAFailureBeforeTheShutdownAndUnfinishedWorkDuringIt(CapturedOutput output)
            throws InterruptedException {
        CountDownLatch handled = new CountDownLatch(2);
        ChannelListenerContainer forwarder = start(ChannelListenerContainer.perValue("forwarder.handle", in, 1, value -> {
            try {
                out.send(value);
            } finally {
                handled.countDown();
            }
        }));
        out.close();

        in.send("closed by the application");
        await().atMost(WAIT).until(() -> forwarder.failures() == 1);
        forwarder.beginShutdown();
        in.send("closed by the shutdown");

        assertThat(handled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> forwarder.unfinished() == 1);
        assertThat(forwarder.failures()).isEqualTo(1);
        assertThat(output).doesNotContain("ERROR").containsOnlyOnce("WARN")
                .contains("Listener forwarder.handle failed to handle a value from channel 'in': dev.channels."
                        + "ChannelClosedException: channel '" + out.name() + "' is closed")
                .contains("INFO")
                .contains("Listener forwarder.handle did not finish a value from channel 'in': the application is"
                        + " shutting down (dev.channels.ChannelClosedException: channel '" + out.name() + "' is closed)");
    }

    @Test
    void anInterruptedHandlerIsUnfinishedWorkNotAFailure(CapturedOutput output) throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        ChannelListenerContainer sleeper = start(ChannelListenerContainer.perValue("sleeper.handle", in, 1, value -> {
            busy.countDown();
            Thread.sleep(WAIT);
        }));
        in.send("long job");
        assertThat(busy.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        sleeper.stopNow();

        assertThat(sleeper.awaitTermination(WAIT)).isTrue();
        assertThat(sleeper.failures()).isZero();
        assertThat(sleeper.unfinished()).isEqualTo(1);
        assertThat(output).doesNotContain("ERROR").doesNotContain("WARN").contains("Listener sleeper.handle did not finish a"
                + " value from channel 'in': the listener is stopping (java.lang.InterruptedException");
    }

    @Test
    void realFailuresDuringTheShutdownAreStillCounted(CapturedOutput output) throws InterruptedException {
        CountDownLatch handled = new CountDownLatch(2);
        ChannelListenerContainer failing = start(ChannelListenerContainer.perValue("failing.handle", in, 1, value -> {
            try {
                if (value.equals("bad")) {
                    throw new IllegalStateException("cannot handle " + value);
                }
                out.send(value);
            } finally {
                handled.countDown();
            }
        }));
        failing.beginShutdown();
        out.fail(new IllegalStateException("downstream broke"));

        in.send("bad");
        in.send("to a failed channel");

        assertThat(handled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> failing.failures() == 2);
        assertThat(failing.unfinished()).isZero();
        assertThat(output).contains("cannot handle bad").contains("failed: java.lang.IllegalStateException: downstream broke");
    }

    @Test
    void aValueThatFailsIsCountedAndTheThreadGoesOnWithTheNext(CapturedOutput output) throws InterruptedException {
        List<String> handled = new CopyOnWriteArrayList<>();
        ChannelListenerContainer failing = start(ChannelListenerContainer.perValue("checker.handle", in, 1, value -> {
            if (value.startsWith("bad")) {
                throw new IllegalArgumentException("cannot handle " + value);
            }
            handled.add(value);
        }));

        in.send("bad-1");
        in.send("good");

        await().atMost(WAIT).until(() -> handled.contains("good"));
        assertThat(failing.failures()).isEqualTo(1);
        assertThat(failing.isRunning()).isTrue();
        // One WARN line: the listener, the channel and the exception's message; no stack trace unless at DEBUG.
        assertThat(output).containsOnlyOnce("WARN").contains("Listener checker.handle failed to handle a value from channel"
                + " 'in': java.lang.IllegalArgumentException: cannot handle bad-1").doesNotContain("\tat ");
    }

    @Test
    void theChannelsOwnNameIsTheNameTheContainerBelongsTo() {
        ValueListenerContainer<String> container = ChannelListenerContainer.perValue("checker.handle", in, 2, value -> { });

        assertThat(container.channelName()).isEqualTo("in");
        assertThat(container.channel()).isSameAs(in);
        assertThat(container.concurrency()).isEqualTo(2);
        assertThat(container).hasToString("ValueListenerContainer[checker.handle on 'in' x2]");
    }

    @Test
    void aConcurrencyBelowOneIsRefusedNamingTheValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ChannelListenerContainer.perValue("checker.handle", in, -2, value -> { }))
                .withMessage("concurrency is -2; it must be 1 or more");
    }

    @Test
    void aPausedListenerTakesNoMoreSoItsChannelFillsAndTheSenderWaitsUntilResumeDrainsIt() throws InterruptedException {
        Channel<String> bounded = Channel.<String>builder().name("bounded").capacity(4).build();
        List<String> handled = new CopyOnWriteArrayList<>();
        ChannelListenerContainer listener = start(ChannelListenerContainer.perValue("slow.handle", bounded, 1, handled::add));
        bounded.send("before");
        await().atMost(WAIT).until(() -> handled.size() == 1 && bounded.stats().waitingReceivers() == 1);

        listener.pause();

        // The thread that waited for a value stops waiting, and takes none.
        await().atMost(WAIT).until(() -> bounded.stats().waitingReceivers() == 0);
        assertThat(listener.state()).isEqualTo(ListenerState.PAUSED);
        for (int i = 0; i < 4; i++) {
            bounded.send("queued-" + i);
        }
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                bounded.send("blocked");
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(WAIT).until(() -> bounded.stats().waitingSenders() == 1);
        assertThat(bounded.size()).isEqualTo(4);
        assertThat(handled).containsExactly("before");

        listener.resume();

        assertThat(sender.join(WAIT)).as("the sender got through").isTrue();
        await().atMost(WAIT).until(() -> handled.size() == 6);
        assertThat(handled).containsExactly("before", "queued-0", "queued-1", "queued-2", "queued-3", "blocked");
        assertThat(listener.state()).isEqualTo(ListenerState.RUNNING);
        assertThat(listener.failures()).isZero();
        bounded.close();
    }

    @Test
    void pausingFinishesTheValueInHandAndTheListenerNeverSeesTheWakingInterrupt() throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        List<String> interrupted = new CopyOnWriteArrayList<>();
        ChannelListenerContainer listener = start(ChannelListenerContainer.perValue("holder.handle", in, 2, value -> {
            if (Thread.currentThread().isInterrupted()) {
                interrupted.add(value);
            }
            if (value.equals("held")) {
                holding.countDown();
                finish.await();
            }
            handled.add(value);
        }));
        in.send("held");
        assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> in.stats().waitingReceivers() == 1); // the other thread waits for a value

        listener.pause();
        await().atMost(WAIT).until(() -> in.stats().waitingReceivers() == 0);
        in.send("after the pause");
        finish.countDown();

        await().atMost(WAIT).until(() -> handled.contains("held") && listener.active() == 0);
        assertThat(in.size()).as("nothing taken while paused").isEqualTo(1);
        listener.resume();
        await().atMost(WAIT).until(() -> handled.contains("after the pause"));
        assertThat(interrupted).isEmpty();
        assertThat(listener.unfinished()).isZero();
    }

    @Test
    void aStoppedListenerLeavesTheRestInTheChannelAndStartsAgain() throws InterruptedException {
        List<String> handled = new CopyOnWriteArrayList<>();
        ChannelListenerContainer listener = start(ChannelListenerContainer.perValue("restart.handle", in, 2, handled::add));
        in.send("one");
        await().atMost(WAIT).until(() -> handled.contains("one") && in.stats().waitingReceivers() == 2);

        listener.stop();

        assertThat(listener.awaitTermination(WAIT)).isTrue();
        assertThat(listener.state()).isEqualTo(ListenerState.STOPPED);
        assertThat(in.stats().waitingReceivers()).isZero();
        in.send("two");
        in.send("three");
        assertThat(in.size()).isEqualTo(2);

        listener.start();

        await().atMost(WAIT).until(() -> handled.size() == 3);
        assertThat(handled).containsExactlyInAnyOrder("one", "two", "three");
        assertThat(listener.state()).isEqualTo(ListenerState.RUNNING);
        // A value is counted just after the listener returned from it.
        await().atMost(WAIT).until(() -> listener.handled() == 3);
        assertThat(listener.unfinished()).isZero();
    }

    @Test
    void aContainerPausedBeforeItStartsStartsPausedAndOnceShuttingDownItEnds() throws InterruptedException {
        List<String> handled = new CopyOnWriteArrayList<>();
        ChannelListenerContainer listener = ChannelListenerContainer.perValue("early.handle", in, 1, handled::add);
        listener.pause();
        in.send("waits");
        start(listener);
        assertThat(listener.state()).isEqualTo(ListenerState.PAUSED);

        listener.beginShutdown();

        assertThat(listener.awaitTermination(WAIT)).as("a paused listener ends when the application shuts down").isTrue();
        assertThat(handled).isEmpty();
        assertThat(in.size()).isEqualTo(1);
        listener.start();
        assertThat(listener.isRunning()).as("no start once shutting down").isFalse();
    }

    @Test
    void valuesInHandAreCountedUnfinishedOnceEvenWhenTheReportingThreadIsInterrupted() throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ChannelListenerContainer listener = start(ChannelListenerContainer.perValue("held.handle", in, 2, value -> {
            holding.countDown();
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        }));
        in.send("held");
        assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // One thread holds the value; the other waits for the next one, between values, which the
        // report would otherwise wait for: an interrupted reporter must count without waiting.

        Thread.currentThread().interrupt();
        int counted;
        try {
            counted = listener.abandonValuesInHand(WAIT);
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt status stays set").isTrue();
        }

        assertThat(counted).isEqualTo(1);
        assertThat(listener.unfinished()).isEqualTo(1);
        release.countDown();
        await().atMost(WAIT).until(() -> listener.active() == 0);
        assertThat(listener.unfinished()).as("not counted again by the thread that finished it").isEqualTo(1);
        assertThat(listener.handled()).isEqualTo(1);
        assertThat(listener.abandonValuesInHand(Duration.ZERO)).as("once").isZero();
    }

    @Test
    void aConsumingThreadKnowsItsContainerAndNoOtherThreadHasOne() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        ChannelListenerContainer perValue = start(ChannelListenerContainer.perValue("perValue.handle", in, 2,
                value -> seen.add(ChannelListenerContainer.ofCurrentThread().orElse(null))));
        ChannelListenerContainer loop = start(ChannelListenerContainer.loop("loop.run", out, 1,
                channel -> seen.add(ChannelListenerContainer.ofCurrentThread().orElse(null))));
        in.send("a");
        in.send("b");
        await().atMost(WAIT).until(() -> seen.size() == 3);
        assertThat(seen).containsExactlyInAnyOrder(perValue, perValue, loop);
        assertThat(ChannelListenerContainer.ofCurrentThread()).as("the test's thread").isEmpty();
        Thread other = Thread.ofVirtual().start(() -> seen.add(ChannelListenerContainer.ofCurrentThread().isEmpty()));
        other.join();
        assertThat(seen).last().isEqualTo(true);
    }

    private ChannelListenerContainer start(ChannelListenerContainer container) {
        started.add(container);
        container.start();
        return container;
    }
}
