package dev.channels.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.OverflowPolicy;
import dev.channels.spring.listener.error.DeadLetter;
import dev.channels.spring.listener.error.ListenerFailure;
import dev.channels.spring.listener.error.RetrySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What happens between receiving a value and its outcome, for a per-value container: retries with
 * back-off on Spring's retry types, dead letters, error handlers, the shutdown cutting a back-off
 * short, and the one seam (interceptors) and the timing (observers) around each call.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeliveryTests {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A back-off no test waits out: a test that needs it to end must cut it short. */
    private static final Duration FOREVER = Duration.ofMinutes(10);

    private final Channel<String> in = Channel.<String>builder().name("in").capacity(16).build();
    private final Channel<DeadLetter<?>> dead = Channel.<DeadLetter<?>>builder().name("dead").capacity(16).build();
    private final List<ChannelListenerContainer> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopContainers() throws InterruptedException {
        in.close();
        for (ChannelListenerContainer container : started) {
            container.stopNow();
            container.awaitTermination(WAIT);
        }
    }

    @Test
    void aValueThatFailsTwiceThenSucceedsIsHandledOnceWithTwoRetriesCounted(CapturedOutput output) {
        AtomicInteger calls = new AtomicInteger();
        List<String> handled = new CopyOnWriteArrayList<>();
        List<Boolean> observed = new CopyOnWriteArrayList<>();
        ValueListenerContainer<String> listener = ChannelListenerContainer.perValue("flaky.handle", in, 1, (String value) -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("not yet");
            }
            handled.add(value);
        }).retry(new RetrySettings(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(5)));
        listener.addObserver((succeeded, nanos) -> observed.add(succeeded));
        start(listener);

        send("v");

        await().atMost(WAIT).until(() -> listener.handled() == 1);
        assertThat(handled).containsExactly("v");
        assertThat(calls).hasValue(3);
        assertThat(listener.retries()).isEqualTo(2);
        assertThat(listener.failures()).isZero();
        assertThat(observed).as("one outcome per value, after its attempts").containsExactly(true);
        assertThat(output).doesNotContain("WARN").doesNotContain("ERROR");
    }

    @Test
    void aValueThatAlwaysFailsLandsInTheDeadLetterChannelAfterItsAttemptsWithItsException(CapturedOutput output)
            throws InterruptedException {
        Instant before = Instant.now();
        ValueListenerContainer<String> listener = start(ChannelListenerContainer.perValue("broken.handle", in, 1,
                (String value) -> {
                    throw new IllegalArgumentException("cannot handle " + value);
                }).retry(new RetrySettings(3, Duration.ZERO, 1.0, Duration.ZERO)).deadLetter(dead));

        send("bad");

        DeadLetter<?> letter = dead.receive(WAIT);
        assertThat(letter).isNotNull();
        assertThat(letter.channel()).isEqualTo("in");
        assertThat(letter.listenerId()).isEqualTo("broken.handle");
        assertThat(letter.value()).isEqualTo("bad");
        assertThat(letter.attempts()).isEqualTo(3);
        assertThat(letter.exceptionClass()).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(letter.exceptionMessage()).isEqualTo("cannot handle bad");
        assertThat(letter.time()).isBetween(before, Instant.now());
        await().atMost(WAIT).until(() -> listener.failures() == 1);
        assertThat(listener.retries()).isEqualTo(2);
        assertThat(listener.deadLettered()).isEqualTo(1);
        assertThat(output).containsOnlyOnce("WARN").contains("Listener broken.handle failed to handle a value from channel"
                + " 'in' after 3 attempts: java.lang.IllegalArgumentException: cannot handle bad; sent to dead-letter"
                + " channel 'dead'");
    }

    @Test
    void anErrorHandlerReplacesTheLogLineAndTheDeadLetterAndTheFailureIsStillCounted(CapturedOutput output) {
        List<ListenerFailure> failures = new CopyOnWriteArrayList<>();
        ValueListenerContainer<String> listener = start(ChannelListenerContainer.perValue("custom.handle", in, 1,
                (String value) -> {
                    throw new IllegalStateException("down");
                }).deadLetter(dead).errorHandler(failures::add));

        send("v");

        await().atMost(WAIT).until(() -> listener.failures() == 1);
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure.listenerId()).isEqualTo("custom.handle");
            assertThat(failure.channel()).isEqualTo("in");
            assertThat(failure.payload()).isEqualTo("v");
            assertThat(failure.values()).isEqualTo(List.of("v"));
            assertThat(failure.batch()).isFalse();
            assertThat(failure.attempts()).isEqualTo(1);
            assertThat(failure.exception()).hasMessage("down");
            assertThat(failure.deadLetters()).singleElement().satisfies(letter -> assertThat(letter.value()).isEqualTo("v"));
        });
        assertThat(dead.size()).isZero();
        assertThat(listener.deadLettered()).isZero();
        assertThat(output).doesNotContain("WARN").doesNotContain("ERROR");
    }

    @Test
    void anErrorHandlerThatThrowsIsLoggedAndTheListenerGoesOn(CapturedOutput output) {
        List<String> handled = new CopyOnWriteArrayList<>();
        ValueListenerContainer<String> listener = start(ChannelListenerContainer.perValue("handler.fails", in, 1,
                (String value) -> {
                    if (value.equals("bad")) {
                        throw new IllegalStateException("bad value");
                    }
                    handled.add(value);
                }).errorHandler(failure -> {
                    throw new IllegalStateException("the handler broke");
                }));

        send("bad");
        send("good");

        await().atMost(WAIT).until(() -> handled.contains("good"));
        assertThat(listener.failures()).isEqualTo(1);
        assertThat(output).contains("ERROR").contains("The error handler of listener handler.fails failed on a value from"
                + " channel 'in' (which failed with java.lang.IllegalStateException: bad value)").contains("the handler broke");
    }

    @Test
    void theShutdownCutsABackOffShortAndTheValueIsUnfinished(CapturedOutput output) throws InterruptedException {
        CountDownLatch failed = new CountDownLatch(1);
        ValueListenerContainer<String> listener = start(ChannelListenerContainer.perValue("patient.handle", in, 1,
                (String value) -> {
                    failed.countDown();
                    throw new IllegalStateException("try later");
                }).retry(new RetrySettings(5, FOREVER, 1.0, FOREVER)).deadLetter(dead));
        send("v");
        assertThat(failed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        listener.beginShutdown();
        in.close();

        // The back-off is ten minutes: the thread ends within the hang limit only if the shutdown ended it.
        assertThat(listener.awaitTermination(WAIT)).isTrue();
        assertThat(listener.unfinished()).isEqualTo(1);
        assertThat(listener.failures()).isZero();
        assertThat(listener.retries()).isZero();
        assertThat(dead.size()).as("an unfinished value is no dead letter").isZero();
        assertThat(output).doesNotContain("WARN").contains("Listener patient.handle did not finish a value from channel"
                + " 'in': the application is shutting down (its retries were cut short, the last attempt having failed"
                + " with java.lang.IllegalStateException: try later)");
    }

    @Test
    void stopNowCutsABackOffShortToo() throws InterruptedException {
        CountDownLatch failed = new CountDownLatch(1);
        ValueListenerContainer<String> listener = start(ChannelListenerContainer.perValue("patient.handle", in, 1,
                (String value) -> {
                    failed.countDown();
                    throw new IllegalStateException("try later");
                }).retry(new RetrySettings(5, FOREVER, 1.0, FOREVER)));
        send("v");
        assertThat(failed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        listener.stopNow();

        assertThat(listener.awaitTermination(WAIT)).isTrue();
        assertThat(listener.unfinished()).isEqualTo(1);
        assertThat(listener.failures()).isZero();
    }

    @Test
    void aThreadInABackOffHoldsOnlyItsOwnValueTheOtherThreadsGoOn() throws InterruptedException {
        CountDownLatch failed = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        ValueListenerContainer<String> listener = start(ChannelListenerContainer.perValue("pair.handle", in, 2,
                (String value) -> {
                    if (value.equals("bad")) {
                        failed.countDown();
                        throw new IllegalStateException("try later");
                    }
                    handled.add(value);
                }).retry(new RetrySettings(2, FOREVER, 1.0, FOREVER)));
        send("bad");
        assertThat(failed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        for (int i = 0; i < 10; i++) {
            send("good-" + i);
        }

        // The thread that handled the last good value holds it until its outcome is counted, just
        // after the listener returned: wait for that too, then only the value in its back-off is held.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(handled).hasSize(10);
            assertThat(listener.active()).as("the value waiting for its retry").isEqualTo(1);
        });
        assertThat(listener.state()).isEqualTo(ListenerState.RUNNING);
    }

    @Test
    void aStopLetsTheValueInHandFinishItsRetries() throws InterruptedException {
        CountDownLatch failedOnce = new CountDownLatch(1);
        CountDownLatch retryMayPass = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        ValueListenerContainer<String> listener = start(ChannelListenerContainer.perValue("careful.handle", in, 1,
                (String value) -> {
                    if (calls.incrementAndGet() == 1) {
                        failedOnce.countDown();
                        retryMayPass.await();
                        throw new IllegalStateException("once");
                    }
                }).retry(new RetrySettings(2, Duration.ofMillis(1), 1.0, Duration.ofMillis(1))));
        send("v");
        assertThat(failedOnce.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        listener.stop();
        retryMayPass.countDown();

        assertThat(listener.awaitTermination(WAIT)).isTrue();
        assertThat(listener.handled()).isEqualTo(1);
        assertThat(listener.retries()).isEqualTo(1);
        assertThat(listener.unfinished()).isZero();
    }

    @Test
    void aFullDeadLetterChannelThatBlocksHoldsTheListenerUntilItHasRoom(CapturedOutput output) throws InterruptedException {
        Channel<DeadLetter<?>> small = Channel.<DeadLetter<?>>builder().name("small").capacity(1).build();
        ValueListenerContainer<String> listener = start(ChannelListenerContainer.perValue("blocked.handle", in, 1,
                (String value) -> {
                    throw new IllegalStateException("no " + value);
                }).deadLetter(small));
        send("a");
        await().atMost(WAIT).until(() -> small.size() == 1 && listener.failures() == 1);

        send("b");

        // The second dead letter waits for room, as any send to a full 'block' channel does: the listener holds 'b'.
        await().atMost(WAIT).until(() -> small.stats().waitingSenders() == 1);
        assertThat(listener.active()).isEqualTo(1);
        assertThat(listener.failures()).isEqualTo(1);
        send("c");
        assertThat(in.size()).as("the listener takes nothing else meanwhile").isEqualTo(1);

        assertThat(small.receive(WAIT).value()).isEqualTo("a");

        assertThat(small.receive(WAIT).value()).isEqualTo("b");
        assertThat(small.receive(WAIT).value()).isEqualTo("c");
        await().atMost(WAIT).until(() -> listener.failures() == 3 && listener.active() == 0);
        assertThat(listener.deadLettered()).isEqualTo(3);
    }

    @Test
    void aFullDeadLetterChannelThatDropsTheOldestNeverHoldsTheListener() {
        Channel<DeadLetter<?>> small = Channel.<DeadLetter<?>>builder().name("small").capacity(2)
                .overflow(OverflowPolicy.DROP_OLDEST).build();
        ValueListenerContainer<String> listener = start(ChannelListenerContainer.perValue("dropping.handle", in, 1,
                (String value) -> {
                    throw new IllegalStateException("no " + value);
                }).deadLetter(small));

        for (int i = 0; i < 10; i++) {
            send("v" + i);
        }

        await().atMost(WAIT).until(() -> listener.failures() == 10);
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.stats().dropped()).isEqualTo(8);
        assertThat(listener.deadLettered()).isEqualTo(10);
        assertThat(small.tryReceive().value()).isEqualTo("v8");
    }

    @Test
    void interceptorsWrapEachValueOnceAroundAllItsAttemptsTheFirstOutermostAndSeeTheOutcome() {
        List<String> trace = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        ValueListenerContainer<String> listener = ChannelListenerContainer.perValue("traced.handle", in, 1, (String value) -> {
            trace.add("call " + value);
            if (value.equals("bad") || calls.incrementAndGet() == 1) {
                throw new IllegalStateException("fails " + value);
            }
        }).retry(new RetrySettings(2, Duration.ZERO, 1.0, Duration.ZERO)).errorHandler(failure -> trace.add("error handler"));
        listener.addInterceptor(invocation -> {
            trace.add("outer before " + invocation.payload() + " " + invocation.listenerId() + " " + invocation.channelName()
                    + " " + invocation.values() + " " + invocation.batch());
            try {
                invocation.proceed();
                trace.add("outer after");
            } catch (Exception failed) {
                trace.add("outer saw " + failed.getMessage());
                throw failed;
            }
        });
        listener.addInterceptor(invocation -> {
            trace.add("inner before");
            invocation.proceed();
        });
        start(listener);

        send("good");
        send("bad");

        await().atMost(WAIT).until(() -> listener.handled() + listener.failures() == 2);
        assertThat(trace).containsExactly(
                "outer before good traced.handle in [good] false", "inner before", "call good", "call good", "outer after",
                "outer before bad traced.handle in [bad] false", "inner before", "call bad", "call bad",
                "outer saw fails bad", "error handler");
    }

    private <C extends ChannelListenerContainer> C start(C container) {
        started.add(container);
        container.start();
        return container;
    }

    private void send(String value) {
        try {
            in.send(value);
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(stop);
        }
    }
}
