package dev.channels.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.channels.Channel;
import dev.channels.ChannelStats;
import dev.channels.OverflowPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ChannelRegistryTests {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChannelRegistry registry = new ChannelRegistry();
    private final Events events = new Events();

    @Test
    void createBuildsANamedChannelWithTheSettingsAndRegistersIt() {
        Channel<String> orders = registry.create("orders", b -> b.capacity(3).overflow(OverflowPolicy.DROP_OLDEST));

        assertThat(orders.name()).isEqualTo("orders");
        assertThat(orders.capacity()).isEqualTo(3);
        assertThat(registry.find("orders")).containsSame(orders);
    }

    @Test
    void customizersSeeEveryChannelTheRegistryBuildsInOrderAfterItsSettingsButNotRegisteredOnes() {
        List<String> calls = new CopyOnWriteArrayList<>();
        List<Object> dropped = new CopyOnWriteArrayList<>();
        ChannelRegistry customized = new ChannelRegistry(List.of(
                (name, builder) -> {
                    calls.add("first " + name);
                    builder.onDrop(value -> dropped.add(name + ":" + value));
                },
                (name, builder) -> calls.add("second " + name)));

        Channel<String> orders = customized.create("orders", b -> b.capacity(1).overflow(OverflowPolicy.DROP_OLDEST));
        customized.register("own", Channel.buffered(1));
        orders.trySend("a");
        orders.trySend("b");

        assertThat(calls).containsExactly("first orders", "second orders");
        assertThat(dropped).containsExactly("orders:a");
        assertThat(orders.capacity()).as("the settings came first and stay").isEqualTo(1);
    }

    @Test
    void channelsAreListedSortedByName() {
        registry.register("zeta", Channel.rendezvous());
        registry.register("alpha", Channel.unlimited());
        registry.register("mid", Channel.buffered(1));

        assertThat(registry.channels().keySet()).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void registeringTheSameChannelAgainChangesNothingButAnotherChannelUnderTheNameIsRefused() {
        Channel<String> first = Channel.buffered(1);
        registry.addObserver(events);
        registry.register("orders", first);
        registry.register("orders", first);

        assertThat(events.log).containsExactly("added orders");
        assertThatIllegalStateException().isThrownBy(() -> registry.register("orders", Channel.buffered(1)))
                .withMessageContaining("'orders'");
        assertThat(registry.find("orders")).containsSame(first);
    }

    @Test
    void requireGivesTheRegisteredChannelOrFailsNamingItAndTheChannelsThereAre() {
        Channel<String> orders = registry.register("orders", Channel.buffered(1));
        registry.register("audit", Channel.rendezvous());

        assertThat(registry.require("orders")).isSameAs(orders);
        assertThatExceptionOfType(NoSuchChannelException.class).isThrownBy(() -> registry.require("ordrs"))
                .withMessage("There is no channel named 'ordrs'; the channels are [audit, orders]")
                .satisfies(missing -> {
                    assertThat(missing.channelName()).isEqualTo("ordrs");
                    assertThat(missing.registeredNames()).containsExactly("audit", "orders");
                });
    }

    @Test
    void blankNamesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> registry.register(" ", Channel.rendezvous()));
        assertThatIllegalArgumentException().isThrownBy(() -> registry.create("", b -> { }));
    }

    @Test
    void aNewObserverHearsOfChannelsAlreadyRegisteredThenOfChanges() {
        Channel<String> orders = registry.register("orders", Channel.buffered(1));
        registry.addObserver(events);
        registry.register("audit", Channel.rendezvous());
        assertThat(registry.remove("orders")).containsSame(orders);

        assertThat(events.log).containsExactly("added orders", "added audit", "removed orders");
        assertThat(orders.isClosed()).as("removal does not close").isFalse();
    }

    @Test
    void removeByNameAndChannelRemovesOnlyThatChannel() {
        Channel<String> orders = registry.register("orders", Channel.buffered(1));

        assertThat(registry.remove("orders", Channel.buffered(1))).isFalse();
        assertThat(registry.remove("nope", orders)).isFalse();
        assertThat(registry.remove("orders", orders)).isTrue();
        assertThat(registry.channels()).isEmpty();
    }

    @Test
    void closeEventsCarryTheirCause() {
        Channel<String> closed = registry.register("closed", Channel.buffered(1));
        Channel<String> failed = registry.register("failed", Channel.buffered(1));
        Channel<String> open = registry.register("open", Channel.buffered(1));
        registry.addObserver(events);

        closed.close();
        failed.fail(new IllegalStateException("boom"));
        registry.shutdown();
        closed.close();

        assertThat(events.log).containsExactlyInAnyOrder("added closed", "added failed", "added open",
                "closed closed close", "closed failed fail", "closed open shutdown");
        assertThat(open.isClosed()).isTrue();
    }

    @Test
    void shutdownOfOneNameClosesOnlyThatChannelWithTheShutdownCause() throws InterruptedException {
        Channel<String> first = registry.register("first", Channel.buffered(2));
        Channel<String> second = registry.register("second", Channel.buffered(2));
        first.send("left");
        registry.addObserver(events);

        assertThat(registry.shutdown("first")).containsSame(first);
        assertThat(registry.shutdown("nope")).isEmpty();

        assertThat(first.isClosed()).isTrue();
        assertThat(first.receive()).as("what is buffered can still be received").isEqualTo("left");
        assertThat(second.isClosed()).isFalse();
        assertThat(events.log).containsExactly("added first", "added second", "closed first shutdown");
    }

    @Test
    void noCloseEventForAChannelClosedBeforeRegistrationOrAfterRemoval() {
        Channel<String> early = Channel.buffered(1);
        early.close();
        Channel<String> removed = Channel.buffered(1);
        registry.addObserver(events);
        registry.register("early", early);
        registry.register("removed", removed);
        registry.remove("removed");

        removed.close();

        assertThat(events.log).containsExactly("added early", "added removed", "removed removed");
    }

    @Test
    void awaitDrainedWaitsForClosedChannelsToDrainAndReportsWhatIsStillBufferedAfterTheTimeout()
            throws InterruptedException {
        Channel<Integer> drained = registry.register("drained", Channel.buffered(4));
        Channel<Integer> full = registry.register("full", Channel.buffered(4));
        Channel<Integer> stillOpen = registry.register("open", Channel.buffered(4));
        drained.send(1);
        full.send(1);
        full.send(2);
        stillOpen.send(1);
        drained.close();
        Thread consumer = Thread.ofVirtual().start(() -> drained.forEach(value -> { }));

        // Only 'drained' is closed: the wait ends once its consumer has drained it, however late that is.
        assertThat(registry.awaitDrained(WAIT)).containsExactly(
                java.util.Map.entry("full", 2), java.util.Map.entry("open", 1));
        assertThat(drained.isDrained()).isTrue();
        consumer.join();

        full.close();
        long started = System.nanoTime();
        assertThat(registry.awaitDrained(Duration.ofMillis(200))).containsExactly(
                java.util.Map.entry("full", 2), java.util.Map.entry("open", 1));
        // 'full' has no consumer: the wait lasts the whole timeout (a lower bound that load cannot break).
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(registry.buffered()).containsOnlyKeys("full", "open");
    }

    @Test
    void observersAreCalledWithoutTheRegistrysLockSoAnObserverMayWaitForAnotherThreadsChange() throws InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicReference<Thread> other = new AtomicReference<>();
        registry.addObserver(new ChannelRegistryObserver() {
            @Override
            public void channelAdded(String name, Channel<?> channel) {
                log.add("added " + name);
                if (name.equals("first")) {
                    // Under the lock, this thread's register would wait for the lock this call holds.
                    Thread registering = Thread.ofVirtual().start(() -> registry.register("second", Channel.rendezvous()));
                    other.set(registering);
                    try {
                        registering.join(WAIT);
                    } catch (InterruptedException stop) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });

        registry.register("first", Channel.rendezvous());

        assertThat(other.get().isAlive()).as("the other thread's register returned while this call ran").isFalse();
        assertThat(registry.channels()).containsOnlyKeys("first", "second");
        assertThat(log).containsExactly("added first", "added second");
    }

    @Test
    void aChangeMadeByAnObserverIsToldAfterTheCallThatMadeIt() {
        List<String> log = new CopyOnWriteArrayList<>();
        registry.addObserver(new ChannelRegistryObserver() {
            @Override
            public void channelAdded(String name, Channel<?> channel) {
                log.add("start " + name);
                if (name.equals("first")) {
                    registry.register("second", Channel.rendezvous());
                }
                log.add("end " + name);
            }
        });

        registry.register("first", Channel.rendezvous());

        assertThat(log).containsExactly("start first", "end first", "start second", "end second");
    }

    @Test
    void anObserverThatThrowsKeepsNoOtherObserverFromItsCallsAndNoChannelFromItsEvents(CapturedOutput output) {
        registry.addObserver(new ChannelRegistryObserver() {
            @Override
            public void channelAdded(String name, Channel<?> channel) {
                throw new IllegalStateException("observer broke on " + name);
            }

            @Override
            public String toString() {
                return "BrokenObserver";
            }
        });
        registry.addObserver(events);

        Channel<String> orders = registry.register("orders", Channel.buffered(1));
        orders.close();
        registry.remove("orders");

        assertThat(events.log).containsExactly("added orders", "closed orders close", "removed orders");
        assertThat(output).contains("Registry observer BrokenObserver failed on channelAdded('orders')")
                .contains("observer broke on orders");
    }

    @Test
    void aRemovedObserverIsNotCalledAgainAndAnObserverIsRemovedAsTheInstanceItWas() {
        registry.addObserver(events);
        registry.register("before", Channel.rendezvous());

        assertThat(registry.removeObserver(new Events())).as("another instance").isFalse();
        assertThat(registry.removeObserver(events)).isTrue();
        assertThat(registry.removeObserver(events)).isFalse();
        registry.register("after", Channel.rendezvous());
        registry.remove("before");

        assertThat(events.log).containsExactly("added before");
    }

    /** Records observer calls as text. */
    private static final class Events implements ChannelRegistryObserver {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void channelAdded(String name, Channel<?> channel) {
            log.add("added " + name);
        }

        @Override
        public void channelRemoved(String name, Channel<?> channel) {
            log.add("removed " + name);
        }

        @Override
        public void channelClosed(String name, ChannelStats stats, CloseCause cause) {
            log.add("closed " + name + " " + cause.tagValue());
        }
    }
}
