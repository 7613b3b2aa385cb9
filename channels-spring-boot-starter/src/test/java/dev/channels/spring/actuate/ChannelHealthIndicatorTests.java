package dev.channels.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import dev.channels.Channel;
import dev.channels.spring.registry.ChannelRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/** One channel's health, with a clock the test moves: states, details, stalls and down-when. */
class ChannelHealthIndicatorTests {
    private static final Duration STALL = Duration.ofSeconds(30);
    private final AtomicLong nanos = new AtomicLong(1_000);

    @Test
    void openClosedAndFailedChannelsAreAllUpAndSayTheirState() throws InterruptedException {
        Channel<String> open = Channel.buffered(4);
        open.send("a");
        Channel<String> closed = Channel.buffered(4);
        closed.close();
        Channel<String> failed = Channel.buffered(4);
        failed.fail(new IllegalStateException("store unavailable"));

        assertThat(health(open).getStatus()).isEqualTo(Status.UP);
        assertThat(health(open).getDetails()).containsExactlyInAnyOrderEntriesOf(
                Map.of("state", "open", "size", 1, "capacity", 4, "fill", 0.25, "stalled", false));
        assertThat(health(closed).getStatus()).isEqualTo(Status.UP);
        assertThat(health(closed).getDetails()).containsEntry("state", "closed").doesNotContainKey("failure");
        Health failedHealth = health(failed);
        assertThat(failedHealth.getStatus()).isEqualTo(Status.UP);
        assertThat(failedHealth.getDetails()).containsEntry("state", "failed")
                .containsEntry("failure", "java.lang.IllegalStateException: store unavailable")
                .doesNotContainKey("error");
    }

    @Test
    void aFullChannelIsUpAndItsFillIsOne() throws InterruptedException {
        Channel<String> full = Channel.buffered(2);
        full.send("a");
        full.send("b");

        Health health = health(full);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("fill", 1.0).containsEntry("size", 2).containsEntry("stalled", false);
    }

    @Test
    void anUnlimitedChannelHasNoFillAndIsNeverFull() throws InterruptedException {
        Channel<String> unlimited = Channel.unlimited();
        for (int i = 0; i < 100; i++) {
            unlimited.send("v" + i);
        }
        HealthIndicator indicator = indicator(unlimited, EnumSet.of(ChannelHealthCondition.STALLED));

        indicator.health();
        nanos.addAndGet(STALL.toNanos() * 10);
        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("capacity", "unlimited").containsEntry("size", 100)
                .containsEntry("stalled", false).doesNotContainKey("fill");
    }

    @Test
    void aFullChannelWithNoReceiveIsStalledOnceTheStallTimeHasPassedSinceAHealthCheckFirstSawItFull()
            throws InterruptedException {
        Channel<String> channel = Channel.buffered(2);
        channel.send("a");
        HealthIndicator indicator = indicator(channel, Set.of());

        assertThat(stalled(indicator)).as("not full").isFalse();
        nanos.addAndGet(STALL.toNanos() * 2);
        assertThat(stalled(indicator)).as("not full, however long").isFalse();

        channel.send("b");
        assertThat(stalled(indicator)).as("full from now on").isFalse();
        nanos.addAndGet(STALL.toNanos() - 1);
        assertThat(stalled(indicator)).as("full one nanosecond short of the stall time").isFalse();
        nanos.addAndGet(1);
        assertThat(stalled(indicator)).as("full for the stall time with no receive").isTrue();
        assertThat(indicator.health().getStatus()).as("stalled is UP unless down-when says otherwise").isEqualTo(Status.UP);

        channel.receive();
        channel.send("c");
        assertThat(stalled(indicator)).as("full again, but a value was received since the last check").isFalse();
        nanos.addAndGet(STALL.toNanos());
        assertThat(stalled(indicator)).isTrue();

        channel.receive();
        assertThat(stalled(indicator)).as("no longer full").isFalse();
    }

    @Test
    void aRendezvousChannelIsFullWhileASenderWaitsForAReceiver() throws InterruptedException {
        Channel<String> rendezvous = Channel.rendezvous();
        HealthIndicator indicator = indicator(rendezvous, Set.of());
        assertThat(indicator.health().getDetails()).containsEntry("capacity", 0).containsEntry("fill", 0.0);

        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                rendezvous.send("waiting");
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> rendezvous.stats().waitingSenders() == 1);

        assertThat(indicator.health().getDetails()).containsEntry("fill", 1.0).containsEntry("stalled", false);
        nanos.addAndGet(STALL.toNanos());
        assertThat(stalled(indicator)).isTrue();

        assertThat(rendezvous.receive()).isEqualTo("waiting");
        sender.join();
        assertThat(indicator.health().getDetails()).containsEntry("fill", 0.0).containsEntry("stalled", false);
    }

    @Test
    void downWhenFailedMakesOnlyAFailedChannelDown() {
        Channel<String> failed = Channel.buffered(1);
        failed.fail(new IllegalStateException("broken"));
        Channel<String> closed = Channel.buffered(1);
        closed.close();
        Set<ChannelHealthCondition> downWhen = EnumSet.of(ChannelHealthCondition.FAILED);

        Health down = indicator(failed, downWhen).health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("state", "failed").containsEntry("failure", "java.lang.IllegalStateException: broken");
        assertThat(indicator(closed, downWhen).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downWhenStalledMakesAStalledChannelDownUntilItMovesAgain() throws InterruptedException {
        Channel<String> channel = Channel.buffered(1);
        channel.send("a");
        HealthIndicator indicator = indicator(channel, EnumSet.of(ChannelHealthCondition.STALLED));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        nanos.addAndGet(STALL.toNanos());
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);

        channel.receive();
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void downWhenStalledLeavesAFailedChannelUp() {
        Channel<String> failed = Channel.buffered(1);
        failed.fail(new IllegalStateException("broken"));

        assertThat(indicator(failed, EnumSet.of(ChannelHealthCondition.STALLED)).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void theContributorKeepsAChannelsIndicatorBetweenChecksAndStartsAfreshForANewChannelOfTheSameName()
            throws InterruptedException {
        ChannelRegistry registry = new ChannelRegistry();
        ChannelsHealthContributor contributor = new ChannelsHealthContributor(registry, STALL,
                EnumSet.of(ChannelHealthCondition.STALLED), nanos::get);
        Channel<String> first = registry.create("reports", builder -> builder.capacity(1));
        first.send("a");

        assertThat(status(contributor, "reports")).isEqualTo(Status.UP);
        nanos.addAndGet(STALL.toNanos());
        assertThat(status(contributor, "reports")).as("the same indicator saw it full a stall time ago").isEqualTo(Status.DOWN);
        assertThat(contributor.stream().map(entry -> ((HealthIndicator) entry.contributor()).health().getStatus()))
                .containsExactly(Status.DOWN);

        registry.remove("reports", first);
        Channel<String> second = registry.create("reports", builder -> builder.capacity(1));
        second.send("b");
        assertThat(status(contributor, "reports")).as("a new channel under the name starts its own count").isEqualTo(Status.UP);
        assertThat(contributor.getContributor("nope")).isNull();
    }

    @Test
    void aStallTimeThatIsNotMoreThanZeroIsRefused() {
        Channel<String> channel = Channel.buffered(1);
        assertThatIllegalArgumentException().isThrownBy(() -> new ChannelHealthIndicator(channel, Duration.ZERO, Set.of(), nanos::get))
                .withMessageContaining("more than zero");
        assertThatIllegalArgumentException().isThrownBy(() -> new ChannelsHealthContributor(new ChannelRegistry(),
                Duration.ofSeconds(-1), Set.of(), nanos::get)).withMessageContaining("PT-1S");
    }

    private Health health(Channel<?> channel) {
        return indicator(channel, Set.of()).health();
    }

    private HealthIndicator indicator(Channel<?> channel, Set<ChannelHealthCondition> downWhen) {
        return new ChannelHealthIndicator(channel, STALL, downWhen, nanos::get);
    }

    private static boolean stalled(HealthIndicator indicator) {
        return (Boolean) indicator.health().getDetails().get("stalled");
    }

    private static Status status(ChannelsHealthContributor contributor, String name) {
        return ((HealthIndicator) contributor.getContributor(name)).health().getStatus();
    }
}
