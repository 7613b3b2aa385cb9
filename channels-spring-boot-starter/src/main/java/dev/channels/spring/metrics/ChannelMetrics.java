package dev.channels.spring.metrics;

import dev.channels.Channel;
import dev.channels.ChannelInfo;
import dev.channels.ChannelStats;
import dev.channels.spring.listener.ChannelListenerContainer;
import dev.channels.spring.listener.ChannelListenerRegistry;
import dev.channels.spring.listener.ListenerObserver;
import dev.channels.spring.listener.ListenerState;
import dev.channels.spring.registry.ChannelRegistry;
import dev.channels.spring.registry.ChannelRegistryObserver;
import dev.channels.spring.registry.CloseCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.noop.NoopTimer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for every channel in a {@link ChannelRegistry}, tagged {@code name=<channel>}:
 * added when a channel is registered, at any time, and removed when it leaves the registry.
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>extra tags</th></tr>
 * <tr><td>channel.size</td><td>gauge, messages</td><td></td></tr>
 * <tr><td>channel.capacity</td><td>gauge, messages; not for unlimited channels</td><td></td></tr>
 * <tr><td>channel.waiting</td><td>gauge, threads</td><td>operation=send|receive</td></tr>
 * <tr><td>channel.messages</td><td>function counter</td><td>operation=send|receive</td></tr>
 * <tr><td>channel.dropped</td><td>function counter</td><td></td></tr>
 * <tr><td>channel.closed</td><td>gauge, 0 or 1</td><td></td></tr>
 * <tr><td>channel.close.events</td><td>counter</td><td>cause=close|fail|shutdown</td></tr>
 * <tr><td>channel.send.blocked, channel.receive.blocked</td><td>timer, opt-in</td><td></td></tr>
 * <tr><td>channel.buffer.wait</td><td>timer, opt-in</td><td></td></tr>
 * <tr><td>channel.listener.failures</td><td>function counter: values that failed after their attempts</td><td>listener=&lt;id&gt;</td></tr>
 * <tr><td>channel.listener.handled</td><td>timer: one sample per value (per batch for a batch listener), from its
 * first attempt to its outcome</td><td>listener, outcome=success|failure</td></tr>
 * <tr><td>channel.listener.retries</td><td>function counter</td><td>listener</td></tr>
 * <tr><td>channel.listener.dead.letters</td><td>function counter</td><td>listener</td></tr>
 * <tr><td>channel.listener.active</td><td>gauge, messages: values being handled now</td><td>listener</td></tr>
 * <tr><td>channel.listener.paused</td><td>gauge, 1 while the listener is paused, else 0</td><td>listener</td></tr>
 * </table>
 * The {@code name} tag of a listener's meters is its channel's name, and {@code listener} its id.
 *
 * <p>Gauges and counters read {@link ChannelStats}, which the channel keeps anyway, and the
 * listeners' own counts, when the registry is scraped: they add nothing to sends and receives. Only
 * the channel timers, when switched on, attach a {@link dev.channels.ChannelObserver} to each
 * channel, and {@code channel.listener.handled} a {@link ListenerObserver} to each listener (two
 * clock reads per value; none if a meter filter denies the timer).
 */
public final class ChannelMetrics implements MeterBinder {
    private static final String NAME = "name";
    private static final String OPERATION = "operation";
    private static final String LISTENER = "listener";

    private final ChannelRegistry channels;
    private final ChannelListenerRegistry listeners;
    private final boolean timeBlocked;
    private final boolean timeBuffer;

    /**
     * Creates the binder.
     *
     * @param channels the channels to measure
     * @param listeners the listeners to measure, or null
     * @param timeBlocked whether to time blocked sends and receives
     * @param timeBuffer whether to time how long values wait in buffers
     */
    public ChannelMetrics(ChannelRegistry channels, ChannelListenerRegistry listeners, boolean timeBlocked,
            boolean timeBuffer) {
        this.channels = Objects.requireNonNull(channels, "channels");
        this.listeners = listeners;
        this.timeBlocked = timeBlocked;
        this.timeBuffer = timeBuffer;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        channels.addObserver(new Binding(registry));
        if (listeners != null) {
            listeners.subscribe(container -> bindListener(registry, container));
        }
    }

    private static void bindListener(MeterRegistry registry, ChannelListenerContainer container) {
        Tags tags = Tags.of(NAME, container.channelName(), LISTENER, container.id());
        FunctionCounter.builder("channel.listener.failures", container, ChannelListenerContainer::failures).tags(tags)
                .description("Values a listener failed on after all their attempts").register(registry);
        FunctionCounter.builder("channel.listener.retries", container, ChannelListenerContainer::retries).tags(tags)
                .description("Times a listener was called again with a value that had failed").register(registry);
        FunctionCounter.builder("channel.listener.dead.letters", container, ChannelListenerContainer::deadLettered)
                .tags(tags).description("Dead letters a listener sent to its channel's dead-letter channel")
                .register(registry);
        Gauge.builder("channel.listener.active", container, ChannelListenerContainer::active).tags(tags)
                .baseUnit("messages").description("Values a listener is handling now").register(registry);
        Gauge.builder("channel.listener.paused", container, c -> c.state() == ListenerState.PAUSED ? 1 : 0).tags(tags)
                .description("1 while the listener is paused, else 0").register(registry);
        Timer success = handledTimer(registry, tags, "success");
        Timer failure = handledTimer(registry, tags, "failure");
        if (!(success instanceof NoopTimer) || !(failure instanceof NoopTimer)) {
            container.addObserver((succeeded, nanos) -> (succeeded ? success : failure).record(nanos, TimeUnit.NANOSECONDS));
        }
    }

    private static Timer handledTimer(MeterRegistry registry, Tags tags, String outcome) {
        return Timer.builder("channel.listener.handled").tags(tags.and("outcome", outcome))
                .description("Time a listener took over a value (a batch, for a batch listener), all its attempts included,"
                        + " by outcome").register(registry);
    }

    /** The meters of one channel in one meter registry. */
    private record Bound(Channel<?> channel, List<Meter> meters, Map<CloseCause, Counter> closeEvents, ChannelTimers timers) {
    }

    /** Keeps one meter registry in step with the channel registry. */
    private final class Binding implements ChannelRegistryObserver {
        private final MeterRegistry registry;
        private final Map<String, Bound> bound = new ConcurrentHashMap<>();

        Binding(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void channelAdded(String name, Channel<?> channel) {
            Tags tags = Tags.of(NAME, name);
            List<Meter> meters = new ArrayList<>();
            meters.add(Gauge.builder("channel.size", channel, ChannelInfo::size).tags(tags).baseUnit("messages")
                    .description("Values in the channel's buffer").register(registry));
            if (channel.capacity() != Channel.UNLIMITED) {
                meters.add(Gauge.builder("channel.capacity", channel, ChannelInfo::capacity).tags(tags).baseUnit("messages")
                        .description("The channel's buffer capacity; 0 for a rendezvous channel").register(registry));
            }
            meters.add(gauge("channel.waiting", channel, tags.and(OPERATION, "send"), "threads",
                    "Threads blocked sending to the channel", stats -> stats.waitingSenders()));
            meters.add(gauge("channel.waiting", channel, tags.and(OPERATION, "receive"), "threads",
                    "Threads blocked receiving from the channel", stats -> stats.waitingReceivers()));
            meters.add(FunctionCounter.builder("channel.messages", channel, ch -> ch.stats().sent())
                    .tags(tags.and(OPERATION, "send")).description("Values sent to the channel").register(registry));
            meters.add(FunctionCounter.builder("channel.messages", channel, ch -> ch.stats().received())
                    .tags(tags.and(OPERATION, "receive")).description("Values received from the channel").register(registry));
            meters.add(FunctionCounter.builder("channel.dropped", channel, ch -> ch.stats().dropped()).tags(tags)
                    .description("Values discarded by the overflow policy or by a failure").register(registry));
            meters.add(Gauge.builder("channel.closed", channel, ch -> ch.isClosed() ? 1 : 0).tags(tags)
                    .description("1 if the channel is closed, else 0").register(registry));
            Map<CloseCause, Counter> closeEvents = new EnumMap<>(CloseCause.class);
            for (CloseCause cause : CloseCause.values()) {
                Counter counter = Counter.builder("channel.close.events").tags(tags.and("cause", cause.tagValue()))
                        .description("Times the channel was closed, by cause").register(registry);
                closeEvents.put(cause, counter);
                meters.add(counter);
            }
            ChannelTimers timers = timers(tags, meters);
            if (timers != null) {
                channel.addObserver(timers);
            }
            Bound previous = bound.put(name, new Bound(channel, meters, closeEvents, timers));
            if (previous != null) {
                release(previous);
            }
        }

        private ChannelTimers timers(Tags tags, List<Meter> meters) {
            Timer sendBlocked = timeBlocked ? timer("channel.send.blocked", tags, "Time sends spent among the channel's waiting senders, one sample per send that had to wait", meters) : null;
            Timer receiveBlocked = timeBlocked ? timer("channel.receive.blocked", tags, "Time receives spent among the channel's waiting receivers, one sample per receive that had to wait", meters) : null;
            Timer bufferWait = timeBuffer ? timer("channel.buffer.wait", tags, "Time values waited in the buffer", meters) : null;
            ChannelTimers timers = new ChannelTimers(sendBlocked, receiveBlocked, bufferWait);
            return timers.isEmpty() ? null : timers;
        }

        /** A timer, or null if a meter filter denies it, so that no observer is attached for nothing. */
        private Timer timer(String name, Tags tags, String description, List<Meter> meters) {
            Timer timer = Timer.builder(name).tags(tags).description(description).register(registry);
            if (timer instanceof NoopTimer) {
                return null;
            }
            meters.add(timer);
            return timer;
        }

        private Gauge gauge(String name, Channel<?> channel, Tags tags, String unit, String description,
                ToDoubleFunction<ChannelStats> value) {
            return Gauge.builder(name, channel, ch -> value.applyAsDouble(ch.stats())).tags(tags).baseUnit(unit)
                    .description(description).register(registry);
        }

        @Override
        public void channelRemoved(String name, Channel<?> channel) {
            Bound removed = bound.remove(name);
            if (removed != null) {
                release(removed);
            }
        }

        private void release(Bound old) {
            if (old.timers() != null) {
                old.channel().removeObserver(old.timers());
            }
            old.meters().forEach(registry::remove);
        }

        @Override
        public void channelClosed(String name, ChannelStats stats, CloseCause cause) {
            Bound current = bound.get(name);
            if (current != null) {
                current.closeEvents().get(cause).increment();
            }
        }
    }
}
