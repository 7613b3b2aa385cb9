package dev.channels.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.channels.Channel;
import dev.channels.ChannelStats;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many virtual threads register, remove, close and interrupt at random while observers come and go:
 * every observer is told of each change exactly once, one call at a time, in an order that is
 * possible (a name is added before it is removed, a closed channel is one the observer knows), and
 * at the end each observer's picture of the registry is the registry.
 */
class ChannelRegistryStressTests {
    private static final int THREADS = 8;
    private static final int OPERATIONS = Integer.getInteger("channels.verify.registry.operations",
            Boolean.getBoolean("channels.verify.long") ? 50_000 : 3_000);
    private static final List<String> NAMES = List.of("a", "b", "c", "d", "e");

    @Test
    void everyObserverSeesEveryChangeOnceInAPossibleOrderAndEndsWithTheRegistrysPicture() throws InterruptedException {
        long seed = Long.getLong("channels.verify.seed", System.nanoTime());
        ChannelRegistry registry = new ChannelRegistry();
        Picture early = new Picture();
        registry.addObserver(early);
        List<Picture> late = new CopyOnWriteArrayList<>();
        Map<Channel<?>, Boolean> registered = new ConcurrentHashMap<>(); // channel -> whether a worker removed it
        AtomicInteger closes = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(THREADS);
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int t = 0; t < THREADS; t++) {
            SplittableRandom random = seeds.split();
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < OPERATIONS; i++) {
                        String name = NAMES.get(random.nextInt(NAMES.size()));
                        switch (random.nextInt(10)) {
                            case 0, 1, 2, 3 -> {
                                Channel<String> channel = Channel.buffered(1);
                                try {
                                    registry.register(name, channel);
                                    registered.putIfAbsent(channel, false); // a quicker remover may have put true
                                } catch (IllegalStateException taken) {
                                    // another channel has the name: nothing changed
                                }
                            }
                            case 4, 5 -> registry.remove(name).ifPresent(removed -> registered.put(removed, true));
                            case 6 -> {
                                Optional<Channel<?>> current = registry.find(name);
                                if (current.isPresent() && registry.remove(name, current.get())) {
                                    registered.put(current.get(), true);
                                }
                            }
                            case 7, 8 -> registry.find(name).ifPresent(channel -> {
                                channel.close();
                                closes.incrementAndGet();
                            });
                            default -> {
                                if (random.nextInt(50) == 0 && late.size() < 4) {
                                    Picture picture = new Picture();
                                    late.add(picture);
                                    registry.addObserver(picture);
                                }
                            }
                        }
                    }
                } catch (Throwable failure) {
                    thrown.add(failure);
                } finally {
                    done.countDown();
                }
            });
        }
        assertThat(done.await(120, TimeUnit.SECONDS)).as("workers done (seed %d)", seed).isTrue();
        assertThat(thrown).as("seed %d", seed).isEmpty();

        // Every thread has returned from its change, so every call has been made (RegistryEvents, invariant 2).
        Map<String, Channel<?>> now = registry.channels();
        List<Picture> pictures = new ArrayList<>(late);
        pictures.add(early);
        for (Picture picture : pictures) {
            assertThat(picture.problems).as("seed %d", seed).isEmpty();
            assertThat(picture.overlaps.get()).as("calls at the same time (seed %d)", seed).isZero();
            assertThat(picture.view).as("the observer's picture (seed %d)", seed).containsExactlyInAnyOrderEntriesOf(now);
        }
        assertThat(early.added).as("each registration told once (seed %d)", seed).hasSize(registered.size())
                .allSatisfy((channel, count) -> assertThat(count).isOne());
        registered.forEach((channel, removed) -> assertThat(early.removed.getOrDefault(channel, 0))
                .as("removals told of %s (seed %d)", channel, seed).isEqualTo(removed ? 1 : 0));
        System.out.printf("[verify] registry stress: %d threads x %d operations, %d registrations, %d closes, %d late"
                + " observers; seed %d%n", THREADS, OPERATIONS, registered.size(), closes.get(), late.size(), seed);
    }

    /** What one observer believes is registered, built from its calls alone, with what was wrong. */
    private static final class Picture implements ChannelRegistryObserver {
        final Map<String, Channel<?>> view = new ConcurrentHashMap<>();
        final Map<Channel<?>, Integer> added = new IdentityHashMap<>();
        final Map<Channel<?>, Integer> removed = new IdentityHashMap<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        final AtomicInteger inCall = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();

        @Override
        public void channelAdded(String name, Channel<?> channel) {
            enter();
            if (view.putIfAbsent(name, channel) != null) {
                problems.add("added " + name + " while it was registered");
            }
            added.merge(channel, 1, Integer::sum);
            leave();
        }

        @Override
        public void channelRemoved(String name, Channel<?> channel) {
            enter();
            if (!view.remove(name, channel)) {
                problems.add("removed " + name + " that it did not know as registered");
            }
            removed.merge(channel, 1, Integer::sum);
            leave();
        }

        @Override
        public void channelClosed(String name, ChannelStats stats, CloseCause cause) {
            enter();
            if (!view.containsKey(name)) {
                problems.add("closed " + name + " that it did not know as registered");
            }
            leave();
        }

        private void enter() {
            if (inCall.getAndIncrement() != 0) {
                overlaps.incrementAndGet();
            }
        }

        private void leave() {
            inCall.decrementAndGet();
        }
    }
}
