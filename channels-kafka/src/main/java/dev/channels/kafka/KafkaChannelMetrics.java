package dev.channels.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Meters of every Kafka channel, beside the {@code channel.*} meters every channel has, tagged
 * {@code name=<channel>}:
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>extra tags</th></tr>
 * <tr><td>channel.remote.send</td><td>timer: from handing a value to the producer to the broker's answer</td>
 * <td>outcome=success|failure|unknown (unknown: the broker did not answer in time; the value may have arrived)</td></tr>
 * <tr><td>channel.remote.inflight</td><td>gauge, messages: sent and not yet acknowledged</td><td></td></tr>
 * <tr><td>channel.remote.lag</td><td>gauge, messages: records of this instance's partitions not yet consumed by
 * its group (not fetched, or fetched and not committed)</td><td></td></tr>
 * <tr><td>channel.remote.commits</td><td>function counter: offset commits that succeeded</td><td></td></tr>
 * <tr><td>channel.remote.rebalances</td><td>function counter: partition assignments received</td><td></td></tr>
 * <tr><td>channel.remote.redelivered</td><td>function counter: records an earlier owner of their partition had handed
 * out already</td><td></td></tr>
 * <tr><td>channel.remote.unreadable</td><td>function counter: records that could not be read as the element
 * type</td><td></td></tr>
 * </table>
 *
 * <p>Gauges and counters read the channel's own counts when scraped; the timer is recorded on the
 * producer's thread when the broker answers.
 */
public final class KafkaChannelMetrics {
    private final MeterRegistry registry;

    /**
     * Meters in {@code registry} for every channel {@code backend} opens.
     *
     * @param registry the meter registry
     * @param backend the backend whose channels to measure
     */
    public KafkaChannelMetrics(MeterRegistry registry, KafkaChannelBackend backend) {
        this.registry = registry;
        backend.subscribe(this::bind);
    }

    private void bind(KafkaChannel<?> channel) {
        Tags tags = Tags.of("name", channel.name());
        Map<String, Timer> sends = Map.of(
                "success", sendTimer(tags, "success"),
                "failure", sendTimer(tags, "failure"),
                "unknown", sendTimer(tags, "unknown"));
        channel.sendTimer((outcome, nanos) -> sends.get(outcome).record(nanos, TimeUnit.NANOSECONDS));
        Gauge.builder("channel.remote.inflight", channel, KafkaChannel::inflight).tags(tags).baseUnit("messages")
                .description("Values sent to the broker and not yet acknowledged").register(registry);
        Gauge.builder("channel.remote.lag", channel, c -> c.info().lag()).tags(tags).baseUnit("messages")
                .description("Records of this instance's partitions that its group has not consumed").register(registry);
        counter("channel.remote.commits", tags, channel, c -> c.info().commits(), "Offset commits that succeeded");
        counter("channel.remote.rebalances", tags, channel, c -> c.info().rebalances(), "Partition assignments received");
        counter("channel.remote.redelivered", tags, channel, c -> c.info().redelivered(),
                "Records an earlier owner of their partition had handed out already");
        counter("channel.remote.unreadable", tags, channel, c -> c.info().unreadable(),
                "Records that could not be read as the element type");
    }

    private Timer sendTimer(Tags tags, String outcome) {
        return Timer.builder("channel.remote.send").tags(tags).tag("outcome", outcome)
                .description("Sends to the broker, until it answered").register(registry);
    }

    private void counter(String name, Tags tags, KafkaChannel<?> channel, ToDoubleFunction<KafkaChannel<?>> count,
            String description) {
        FunctionCounter.builder(name, channel, count).tags(tags).description(description).register(registry);
    }
}
