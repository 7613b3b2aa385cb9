package dev.channels.spring.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.spring.autoconfigure.ChannelsAutoConfiguration;
import dev.channels.spring.listener.ChannelListener;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * How long the shutdown takes, against the wall clock: only in the long profile
 * ({@code -Dchannels.verify.long=true}), since a loaded machine can stretch any of these. The
 * default suite checks the same scenarios in {@link ChannelsLifecycleTests} with bounds that load
 * cannot break.
 */
@EnabledIfSystemProperty(named = "channels.verify.long", matches = "true")
class ChannelsShutdownTimingTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChannelsAutoConfiguration.class));

    @Test
    void aStuckListenerHoldsTheShutdownUpForItsTimeoutAndLittleMore() {
        runner.withPropertyValues("channels.instances.stuck.capacity=10", "channels.shutdown.timeout=300ms")
                .withBean("stuckConsumer", StuckConsumer.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> stuck = context.getBean("stuck", Channel.class);
                    stuck.send(1);
                    context.getBean(StuckConsumer.class).started.await();

                    long started = System.nanoTime();
                    context.close();

                    assertThat(Duration.ofNanos(System.nanoTime() - started))
                            .isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
                });
    }

    @Test
    void twoStuckStagesShareOneTimeout() {
        runner.withPropertyValues("channels.instances.stuck.capacity=10", "channels.instances.next.capacity=10",
                "channels.shutdown.order=stuck,next", "channels.shutdown.timeout=1s")
                .withBean("stuckConsumer", StuckConsumer.class)
                .withBean("nextConsumer", NextConsumer.class)
                .run(context -> {
                    @SuppressWarnings("unchecked")
                    Channel<Integer> stuck = context.getBean("stuck", Channel.class);
                    @SuppressWarnings("unchecked")
                    Channel<Integer> next = context.getBean("next", Channel.class);
                    stuck.send(1);
                    next.send(1);
                    context.getBean(StuckConsumer.class).started.await();
                    context.getBean(NextConsumer.class).started.await();

                    long started = System.nanoTime();
                    context.close();

                    // A timeout per stage would take 2 s before the interrupt.
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_900));
                });
    }

    @Test
    void channelsWithoutListenersCloseAtOnce() {
        runner.withPropertyValues("channels.instances.idle.capacity=10", "channels.shutdown.timeout=30s").run(context -> {
            @SuppressWarnings("unchecked")
            Channel<Integer> idle = context.getBean("idle", Channel.class);
            idle.send(1);
            ChannelsLifecycle lifecycle = context.getBean(ChannelsLifecycle.class);

            context.close();

            assertThat(lifecycle.lastReport().orElseThrow().duration()).isLessThan(Duration.ofSeconds(5));
        });
    }

    /** Takes one value and waits until interrupted. */
    static class StuckConsumer {
        final CountDownLatch started = new CountDownLatch(1);

        @ChannelListener(channel = "stuck")
        void handle(Integer value) throws InterruptedException {
            started.countDown();
            new CountDownLatch(1).await();
        }
    }

    /** The same on the next stage. */
    static class NextConsumer {
        final CountDownLatch started = new CountDownLatch(1);

        @ChannelListener(channel = "next")
        void handle(Integer value) throws InterruptedException {
            started.countDown();
            new CountDownLatch(1).await();
        }
    }
}
