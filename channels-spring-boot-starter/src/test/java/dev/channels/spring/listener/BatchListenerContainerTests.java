package dev.channels.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.listener.error.DeadLetter;
import dev.channels.spring.listener.error.ListenerFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batch form: full batches when values wait, a partial batch once the timeout has passed since
 * its first value, what is collected handed over when the channel ends or the listener pauses or
 * stops, and a failed batch dead-lettered value by value. No verdict depends on timing: values are
 * in the channel before the listener starts, and a batch that must wait for its timeout is the
 * last, with nothing else sent.
 */
class BatchListenerContainerTests {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A batch timeout no test waits out. */
    private static final Duration FOREVER = Duration.ofMinutes(10);

    private final Channel<Integer> in = Channel.<Integer>builder().name("in").capacity(100).build();
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
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
    void underLoadBatchesAreFullAndThePartialOneComesOnceTheTimeoutHasPassed() throws InterruptedException {
        fill(34);
        BatchListenerContainer<Integer> listener = ChannelListenerContainer.batches("charge", in, 1, 10,
                Duration.ofMillis(100), batches::add);

        start(listener);

        await().atMost(WAIT).until(() -> batches.size() == 4);
        assertThat(batches).extracting(List::size).containsExactly(10, 10, 10, 4);
        assertThat(batches.stream().flatMap(List::stream)).containsExactlyElementsOf(IntStream.range(0, 34).boxed().toList());
        assertThat(in.isClosed()).as("the partial batch came with the timeout, not with a close").isFalse();
        // The last batch is counted just after the listener returned it.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(listener.handled()).isEqualTo(34);
            assertThat(listener.active()).isZero();
        });
    }

    @Test
    void aZeroTimeoutTakesWhatIsThereWithoutWaitingForMore() throws InterruptedException {
        fill(3);
        start(ChannelListenerContainer.batches("charge", in, 1, 10, Duration.ZERO, batches::add));

        await().atMost(WAIT).until(() -> batches.size() == 1);
        assertThat(batches.get(0)).containsExactly(0, 1, 2);
    }

    @Test
    void whenTheChannelIsClosedAndDrainedThePartialBatchIsHandedOverAndTheThreadEnds() throws InterruptedException {
        ChannelListenerContainer listener = start(ChannelListenerContainer.batches("charge", in, 1, 10, FOREVER, batches::add));
        fill(3);
        await().atMost(WAIT).until(() -> listener.active() == 3); // collected, waiting for more

        in.close();

        assertThat(listener.awaitTermination(WAIT)).isTrue();
        assertThat(batches).containsExactly(List.of(0, 1, 2));
        assertThat(listener.unfinished()).isZero();
    }

    @Test
    void pausingHandsOverWhatTheBatchHoldsAndTakesNoMoreUntilResumed() throws InterruptedException {
        ChannelListenerContainer listener = start(ChannelListenerContainer.batches("charge", in, 1, 10, FOREVER, batches::add));
        fill(3);
        await().atMost(WAIT).until(() -> listener.active() == 3);

        listener.pause();

        await().atMost(WAIT).until(() -> batches.size() == 1);
        assertThat(batches.get(0)).containsExactly(0, 1, 2);
        in.send(3);
        assertThat(listener.state()).isEqualTo(ListenerState.PAUSED);
        await().atMost(WAIT).until(() -> listener.active() == 0);
        assertThat(in.size()).isEqualTo(1);
        listener.resume();
        await().atMost(WAIT).until(() -> listener.active() == 1);
        listener.stop();
        assertThat(listener.awaitTermination(WAIT)).isTrue();
        assertThat(batches).containsExactly(List.of(0, 1, 2), List.of(3));
    }

    @Test
    void aFailedBatchBecomesOneDeadLetterPerValueAndTheErrorHandlerSeesTheBatch() throws InterruptedException {
        Channel<DeadLetter<?>> dead = Channel.<DeadLetter<?>>builder().name("dead").capacity(10).build();
        fill(3);
        BatchListenerContainer<Integer> listener = start(ChannelListenerContainer.<Integer>batches("charge", in, 1, 10,
                Duration.ZERO, batch -> {
                    throw new IllegalStateException("gateway down for " + batch.size());
                }).deadLetter(dead));

        List<DeadLetter<?>> letters = List.of(dead.receive(WAIT), dead.receive(WAIT), dead.receive(WAIT));

        assertThat(letters.stream().map(DeadLetter::value).toList()).isEqualTo(List.of(0, 1, 2));
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.exceptionMessage()).isEqualTo("gateway down for 3");
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.listenerId()).isEqualTo("charge");
        });
        await().atMost(WAIT).until(() -> listener.failures() == 3);
        assertThat(listener.deadLettered()).isEqualTo(3);

        List<ListenerFailure> failures = new CopyOnWriteArrayList<>();
        Channel<Integer> other = Channel.<Integer>builder().name("other").capacity(10).build();
        other.send(7);
        other.send(8);
        start(ChannelListenerContainer.<Integer>batches("charge.other", other, 1, 10, Duration.ZERO, batch -> {
            throw new IllegalStateException("no");
        }).errorHandler(failures::add));
        await().atMost(WAIT).until(() -> failures.size() == 1);
        assertThat(failures.get(0).batch()).isTrue();
        assertThat(failures.get(0).payload()).isEqualTo(List.of(7, 8));
        other.close();
    }

    @Test
    void aBatchSizeBelowOneOrANegativeTimeoutIsRefusedNamingTheValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ChannelListenerContainer.batches("charge", in, 1, 0, Duration.ZERO, batches::add))
                .withMessage("batchSize is 0; it must be 1 or more");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ChannelListenerContainer.batches("charge", in, 1, 5, Duration.ofMillis(-1), batches::add))
                .withMessage("batchTimeout is PT-0.001S; it must be zero or more");
    }

    private void fill(int values) throws InterruptedException {
        for (int i = 0; i < values; i++) {
            in.send(i);
        }
    }

    private <C extends ChannelListenerContainer> C start(C container) {
        started.add(container);
        container.start();
        return container;
    }
}
