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
        assertThat(output).containsOnlyOnce("ERROR")
                .contains("Listener forwarder.handle failed to handle a value from channel 'in'")
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
        assertThat(output).contains("Listener checker.handle failed to handle a value from channel 'in'")
                .contains("cannot handle bad-1");
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

    private ChannelListenerContainer start(ChannelListenerContainer container) {
        started.add(container);
        container.start();
        return container;
    }
}
