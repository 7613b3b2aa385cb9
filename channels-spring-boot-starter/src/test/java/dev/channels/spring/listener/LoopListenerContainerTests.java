package dev.channels.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The loop form, for consumers that receive on their own: one run of the loop per thread, the end
 * of its channel, what it throws before and during a shutdown, and the one channel reference it
 * keeps.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoopListenerContainerTests {
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
    void aLoopRunsOnceOnEachThreadAndEndsWithItsChannel(CapturedOutput output) throws InterruptedException {
        List<String> received = new CopyOnWriteArrayList<>();
        ChannelListenerContainer loop = start(ChannelListenerContainer.loop("batcher", in, 2, channel -> {
            while (true) {
                received.add(channel.receive()); // throws ChannelClosedException at the end
            }
        }));
        for (int i = 0; i < 10; i++) {
            in.send("v" + i);
        }

        in.close();

        assertThat(loop.awaitTermination(WAIT)).isTrue();
        assertThat(received).hasSize(10).doesNotHaveDuplicates();
        assertThat(loop.failures()).isZero();
        assertThat(loop.unfinished()).isZero();
        assertThat(output).doesNotContain("ERROR").doesNotContain("INFO");
    }

    @Test
    void aLoopThatThrowsIsCountedAndEnds(CapturedOutput output) throws InterruptedException {
        ChannelListenerContainer loop = start(ChannelListenerContainer.loop("batcher", in, 1, channel -> {
            channel.receive();
            throw new IllegalStateException("gateway down");
        }));

        in.send("v");

        assertThat(loop.awaitTermination(WAIT)).isTrue();
        assertThat(loop.failures()).isEqualTo(1);
        assertThat(output).contains("ERROR").contains("Listener batcher failed on channel 'in' and stops")
                .contains("gateway down");
    }

    @Test
    void aLoopCutShortByTheShutdownIsUnfinishedWorkNotAFailure(CapturedOutput output) throws InterruptedException {
        ChannelListenerContainer loop = start(ChannelListenerContainer.loop("batcher", in, 1, channel -> {
            String value = channel.receive();
            out.send(value + " charged");
        }));
        loop.beginShutdown();
        out.close();

        in.send("v");

        assertThat(loop.awaitTermination(WAIT)).isTrue();
        assertThat(loop.failures()).isZero();
        assertThat(loop.unfinished()).isEqualTo(1);
        assertThat(output).doesNotContain("ERROR").contains("Listener batcher was cut short on channel 'in'");
    }

    @Test
    void anEndedChannelIsNotAFailureOfALoopThatLetsItsExceptionThrough() throws InterruptedException {
        ChannelListenerContainer loop = start(ChannelListenerContainer.loop("reader", in, 1, channel -> {
            channel.receive();
        }));

        in.close();

        assertThat(loop.awaitTermination(WAIT)).isTrue();
        assertThat(loop.failures()).isZero();
        assertThat(loop.unfinished()).isZero();
    }

    @Test
    void theChannelsOwnNameIsTheNameTheContainerBelongsTo() {
        LoopListenerContainer<String> loop = ChannelListenerContainer.loop("reader", in, 3, channel -> { });
        LoopListenerContainer<String> ofView = ChannelListenerContainer.loop("viewer", in.receiveOnly(), 1, channel -> { });

        assertThat(loop.channelName()).isEqualTo("in");
        assertThat(loop.channel()).isSameAs(in);
        assertThat(loop.concurrency()).isEqualTo(3);
        assertThat(ofView.channelName()).isEqualTo("in");
        assertThat(loop).hasToString("LoopListenerContainer[reader on 'in' x3]");
    }

    @Test
    void aConcurrencyBelowOneIsRefusedNamingTheValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> ChannelListenerContainer.loop("reader", in, 0, channel -> { }))
                .withMessage("concurrency is 0; it must be 1 or more");
    }

    @Test
    void aContainerStoppedForGoodBeforeItStartedNeverRuns() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        ChannelListenerContainer loop = ChannelListenerContainer.loop("reader", in, 1, channel -> ran.add("ran"));

        loop.stopNow();
        start(loop);

        assertThat(loop.isRunning()).isFalse();
        assertThat(loop.awaitTermination(WAIT)).isTrue();
        assertThat(ran).isEmpty();
        assertThat(loop.state()).isEqualTo(ListenerState.STOPPED);
    }

    @Test
    void stopInterruptsALoopWhichStartAgainRunsAnew() throws InterruptedException {
        List<String> received = new CopyOnWriteArrayList<>();
        ChannelListenerContainer loop = start(ChannelListenerContainer.loop("reader", in, 1, channel -> {
            for (String value : channel) {
                received.add(value);
            }
        }));
        in.send("first");
        await().atMost(WAIT).until(() -> received.contains("first"));
        assertThat(loop.state()).isEqualTo(ListenerState.RUNNING);

        loop.stop();

        assertThat(loop.awaitTermination(WAIT)).isTrue();
        assertThat(loop.state()).isEqualTo(ListenerState.STOPPED);
        assertThat(loop.failures()).as("what the stop did to the loop is no failure").isZero();
        in.send("second");
        loop.start();
        await().atMost(WAIT).until(() -> received.contains("second"));
        assertThat(received).containsExactly("first", "second");
    }

    @Test
    void aLoopCannotBePausedItIsToldSoNamingIt() {
        ChannelListenerContainer loop = ChannelListenerContainer.loop("reader", in, 1, channel -> { });

        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(loop::pause)
                .withMessageContaining("Listener reader is a loop container").withMessageContaining("stop it instead");
    }

    private ChannelListenerContainer start(ChannelListenerContainer container) {
        started.add(container);
        container.start();
        return container;
    }
}
