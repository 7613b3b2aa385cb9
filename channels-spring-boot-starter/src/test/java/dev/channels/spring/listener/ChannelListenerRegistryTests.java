package dev.channels.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.registry.ChannelRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The registry of containers: subscribers are called without its lock and hear of every container
 * exactly once, whoever registers or subscribes when; containers start with it, and not after it
 * stopped.
 */
class ChannelListenerRegistryTests {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChannelListenerRegistry registry = new ChannelListenerRegistry();
    private final Channel<String> jobs = Channel.<String>builder().name("jobs").capacity(4).build();

    @AfterEach
    void stop() throws InterruptedException {
        jobs.close();
        registry.stop();
        registry.awaitTermination(WAIT);
    }

    @Test
    void subscribersAreCalledWithoutTheRegistrysLockSoOneMayWaitForAnotherThreadsRegistration() {
        ChannelListenerContainer first = idle("first");
        ChannelListenerContainer second = idle("second");
        List<String> told = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> other = new AtomicReference<>();
        registry.subscribe(container -> {
            told.add(container.id());
            if (container == first) {
                // Under the lock, this thread's register would wait for the lock this call holds.
                Thread registering = Thread.ofVirtual().start(() -> registry.register(second));
                other.set(registering);
                try {
                    registering.join(WAIT);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        registry.register(first);

        assertThat(other.get().isAlive()).as("the other thread's register returned while this call ran").isFalse();
        assertThat(told).containsExactlyInAnyOrder("first", "second");
        assertThat(registry.containers()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void aSubscriberHearsOfTheContainersThereAndOfLaterOnes() {
        ChannelListenerContainer before = idle("before");
        registry.register(before);
        List<ChannelListenerContainer> told = new CopyOnWriteArrayList<>();

        registry.subscribe(told::add);
        ChannelListenerContainer after = idle("after");
        registry.register(after);

        assertThat(told).containsExactly(before, after);
    }

    @Test
    void containersStartWithTheRegistryAndThoseRegisteredAfterItStoppedDoNot() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(2);
        ChannelListenerContainer early = counting("early", ran);
        registry.register(early);
        assertThat(early.isRunning()).as("not before the registry starts").isFalse();

        registry.start();
        ChannelListenerContainer late = counting("late", ran);
        registry.register(late);

        assertThat(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("both started").isTrue();
        registry.stop();
        ChannelListenerContainer afterStop = counting("afterStop", new CountDownLatch(1));
        registry.register(afterStop);

        assertThat(registry.awaitTermination(WAIT)).isTrue();
        assertThat(afterStop.isRunning()).isFalse();
        assertThat(registry.running()).isEmpty();
    }

    @Test
    void everySubscriberHearsOfEveryContainerOnceWhileOthersRegisterAndSubscribe() throws InterruptedException {
        int registrars = 4;
        int perRegistrar = 500;
        int subscribers = 4;
        List<Map<ChannelListenerContainer, Integer>> heard = new ArrayList<>();
        List<Consumer<ChannelListenerContainer>> callbacks = new ArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            Map<ChannelListenerContainer, Integer> counts = new IdentityHashMap<>();
            heard.add(counts);
            callbacks.add(container -> {
                synchronized (counts) {
                    counts.merge(container, 1, Integer::sum);
                }
            });
        }
        List<ChannelListenerContainer> all = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < registrars; r++) {
            int registrar = r;
            threads.add(Thread.ofVirtual().start(() -> {
                awaitQuietly(go);
                for (int i = 0; i < perRegistrar; i++) {
                    ChannelListenerContainer container = idle("c" + registrar + "-" + i);
                    all.add(container);
                    registry.register(container);
                }
            }));
        }
        for (Consumer<ChannelListenerContainer> callback : callbacks) {
            threads.add(Thread.ofVirtual().start(() -> {
                awaitQuietly(go);
                Thread.yield();
                registry.subscribe(callback);
            }));
        }

        go.countDown();
        for (Thread thread : threads) {
            assertThat(thread.join(WAIT)).isTrue();
        }

        assertThat(all).hasSize(registrars * perRegistrar);
        for (Map<ChannelListenerContainer, Integer> counts : heard) {
            synchronized (counts) {
                assertThat(counts).hasSize(all.size()).allSatisfy((container, times) -> assertThat(times).isOne());
                assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(all);
            }
        }
    }

    @Test
    void everyListenerIsControlledByIdAndOneWithoutAutoStartupWaitsForItsStart() throws InterruptedException {
        List<String> handled = new CopyOnWriteArrayList<>();
        ChannelListenerContainer manual = ChannelListenerContainer.perValue("manual", jobs, 1, handled::add).autoStartup(false);
        registry.register(manual);
        registry.register(idle("loop"));
        jobs.send("j1");

        registry.start();

        assertThat(registry.state("manual")).isEqualTo(ListenerState.STOPPED);
        assertThat(jobs.size()).as("left in the channel until started").isEqualTo(1);
        registry.start("manual");
        await().atMost(WAIT).until(() -> handled.contains("j1"));
        assertThat(registry.state("manual")).isEqualTo(ListenerState.RUNNING);
        registry.pause("manual");
        assertThat(registry.state("manual")).isEqualTo(ListenerState.PAUSED);
        registry.resume("manual");
        assertThat(registry.state("manual")).isEqualTo(ListenerState.RUNNING);
        registry.stop("manual");
        assertThat(manual.awaitTermination(WAIT)).isTrue();
        assertThat(registry.state("manual")).isEqualTo(ListenerState.STOPPED);
        assertThat(registry.find("manual")).containsSame(manual);
        assertThat(registry.find("nope")).isEmpty();
    }

    @Test
    void anUnknownIdIsAnExceptionNamingItAndTheListenersThereAre() {
        registry.register(idle("known"));

        for (ThrowingCallable operation : List.<ThrowingCallable>of(() -> registry.start("nope"), () -> registry.stop("nope"),
                () -> registry.pause("nope"), () -> registry.resume("nope"), () -> registry.state("nope"))) {
            assertThatExceptionOfType(NoSuchListenerException.class).isThrownBy(operation)
                    .withMessage("There is no listener with id 'nope'; the listeners are [known]")
                    .satisfies(missing -> assertThat(missing.id()).isEqualTo("nope"));
        }
    }

    @Test
    void aSecondListenerWithTheSameIdIsRefusedNamingTheIdAndTheFirst() {
        registry.register(idle("twin"));

        assertThatExceptionOfType(InvalidChannelListenerException.class).isThrownBy(() -> registry.register(idle("twin")))
                .satisfies(refused -> assertThat(refused.problem())
                        .isEqualTo("its id 'twin' is the id of LoopListenerContainer[twin on 'jobs' x1]"));
        assertThat(registry.containers()).hasSize(1);
    }

    @Test
    void aContainerRegisteredDirectlyIsCheckedAgainstTheChannelRegistry() {
        ChannelRegistry channels = new ChannelRegistry();
        channels.register("jobs", jobs);
        ChannelListenerRegistry checked = new ChannelListenerRegistry(channels, ChannelListenerDefaults.NONE);
        Channel<String> unregistered = Channel.<String>builder().name("other").build();
        Channel<String> impostor = Channel.<String>builder().name("jobs").build();

        checked.register(idle("fine"));

        assertThatExceptionOfType(InvalidChannelListenerException.class)
                .isThrownBy(() -> checked.register(ChannelListenerContainer.loop("lost", unregistered, 1, channel -> { })))
                .withMessageContaining("it consumes channel 'other'. There is no channel named 'other'; the channels are [jobs]");
        assertThatExceptionOfType(InvalidChannelListenerException.class)
                .isThrownBy(() -> checked.register(ChannelListenerContainer.loop("impostor", impostor, 1, channel -> { })))
                .withMessageContaining("the channel registered under that name is another one");
        assertThat(checked.containers()).extracting(ChannelListenerContainer::id).containsExactly("fine");
    }

    private ChannelListenerContainer idle(String id) {
        return ChannelListenerContainer.loop(id, jobs, 1, channel -> { });
    }

    /** A container whose one thread counts down {@code ran}, then waits for the channel to end. */
    private ChannelListenerContainer counting(String id, CountDownLatch ran) {
        return ChannelListenerContainer.loop(id, jobs, 1, channel -> {
            ran.countDown();
            for (String job : channel) {
                assertThat(job).isNotNull();
            }
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
        }
    }
}
