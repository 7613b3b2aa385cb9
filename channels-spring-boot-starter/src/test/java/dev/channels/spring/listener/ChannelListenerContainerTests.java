package dev.channels.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
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
 * One container on its own: what counts as a failure, before and during a shutdown, and the loop
 * form for consumers that receive on their own.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChannelListenerContainerTests {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Channel<String> in = Channel.buffered(16);
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
        ChannelListenerContainer forwarder = start(new ChannelListenerContainer("forwarder.handle", "in", in, 1, value -> {
            try {
                out.send((String) value);
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
        assertThat(output).containsOnlyOnce("ERROR")
                .contains("Listener forwarder.handle failed to handle a value from channel 'in'")
                .contains("INFO")
                .contains("Listener forwarder.handle did not finish a value from channel 'in': the application is"
                        + " shutting down (dev.channels.ChannelClosedException: channel '" + out.name() + "' is closed)");
    }

    @Test
    void anInterruptedHandlerIsUnfinishedWorkNotAFailure(CapturedOutput output) throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        ChannelListenerContainer sleeper = start(new ChannelListenerContainer("sleeper.handle", "in", in, 1, value -> {
            busy.countDown();
            Thread.sleep(WAIT);
        }));
        in.send("long job");
        assertThat(busy.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        sleeper.stop();

        assertThat(sleeper.awaitTermination(WAIT)).isTrue();
        assertThat(sleeper.failures()).isZero();
        assertThat(sleeper.unfinished()).isEqualTo(1);
        assertThat(output).doesNotContain("ERROR").contains("Listener sleeper.handle did not finish a value from channel"
                + " 'in': the application is shutting down (java.lang.InterruptedException");
    }

    @Test
    void realFailuresDuringTheShutdownAreStillCounted(CapturedOutput output) throws InterruptedException {
        CountDownLatch handled = new CountDownLatch(2);
        ChannelListenerContainer failing = start(new ChannelListenerContainer("failing.handle", "in", in, 1, value -> {
            try {
                if (value.equals("bad")) {
                    throw new IllegalStateException("cannot handle " + value);
                }
                out.send((String) value);
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
    void aLoopRunsOnceOnEachThreadAndEndsWithItsChannel(CapturedOutput output) throws InterruptedException {
        List<String> received = new CopyOnWriteArrayList<>();
        ChannelListenerContainer loop = start(ChannelListenerContainer.loop("batcher", "in", in, 2, channel -> {
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
        ChannelListenerContainer loop = start(ChannelListenerContainer.loop("batcher", "in", in, 1, channel -> {
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
        ChannelListenerContainer loop = start(ChannelListenerContainer.loop("batcher", "in", in, 1, channel -> {
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
        ChannelListenerContainer loop = start(ChannelListenerContainer.loop("reader", "in", in, 1, channel -> {
            channel.receive();
        }));

        in.close();

        assertThat(loop.awaitTermination(WAIT)).isTrue();
        assertThat(loop.failures()).isZero();
        assertThat(loop.unfinished()).isZero();
    }

    private ChannelListenerContainer start(ChannelListenerContainer container) {
        started.add(container);
        container.start();
        return container;
    }
}
