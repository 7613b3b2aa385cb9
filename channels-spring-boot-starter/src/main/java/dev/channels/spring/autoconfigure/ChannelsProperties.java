package dev.channels.spring.autoconfigure;

import dev.channels.OverflowPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the application's channels, under {@code channels}.
 *
 * <pre>{@code
 * channels:
 *   defaults:
 *     capacity: 16
 *   instances:
 *     orders:
 *       capacity: 100
 *       overflow: drop-oldest
 *       element-type: com.example.Order
 *     audit:
 *       capacity: 0
 *   shutdown:
 *     timeout: 30s
 *     order: [orders, audit]
 *   listeners:
 *     auto-startup: true
 * }</pre>
 */
@ConfigurationProperties("channels")
public class ChannelsProperties {
    /** Settings applied to every instance unless the instance sets its own. */
    private final Defaults defaults = new Defaults();

    /**
     * Named channels: each entry becomes a Channel bean named after its key. Names start with a
     * letter, followed by letters, digits, '-', '_' or '.'.
     */
    private final Map<String, Instance> instances = new LinkedHashMap<>();

    private final Metrics metrics = new Metrics();

    private final Shutdown shutdown = new Shutdown();

    private final Listeners listeners = new Listeners();

    public Defaults getDefaults() {
        return defaults;
    }

    public Map<String, Instance> getInstances() {
        return instances;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public Listeners getListeners() {
        return listeners;
    }

    /** Settings shared by all instances. */
    public static class Defaults {
        /**
         * Buffer capacity: 0 for a rendezvous channel (a send waits for a receiver), a positive
         * number of buffered values, or "unlimited".
         */
        private String capacity = "0";

        /** What a send does when the buffer is full. The drop policies need a capacity of 1 or more. */
        private OverflowPolicy overflow = OverflowPolicy.BLOCK;

        /** How the listeners of every channel handle failures, unless the channel says otherwise. */
        private final ListenerDefaults listener = new ListenerDefaults();

        public String getCapacity() {
            return capacity;
        }

        public void setCapacity(String capacity) {
            this.capacity = capacity;
        }

        public OverflowPolicy getOverflow() {
            return overflow;
        }

        public void setOverflow(OverflowPolicy overflow) {
            this.overflow = overflow;
        }

        public ListenerDefaults getListener() {
            return listener;
        }
    }

    /** The listeners of every channel, unless the channel says otherwise. */
    public static class ListenerDefaults {
        private final Retry retry = new Retry();

        public Retry getRetry() {
            return retry;
        }
    }

    /**
     * How often a listener is called with a value that fails, and how long it waits in between: the
     * first wait is the back-off, each next one multiplier times longer, at most max-backoff.
     */
    public static class Retry {
        /** Calls in all for one value, 1 or more; 1 is no retry. */
        private int maxAttempts = 1;

        /** The wait before the second attempt, zero or more. */
        private Duration backoff = Duration.ofSeconds(1);

        /** Each wait is this many times the one before, 1.0 or more. */
        private double multiplier = 1.0;

        /** The longest wait, at least the back-off. */
        private Duration maxBackoff = Duration.ofSeconds(30);

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getBackoff() {
            return backoff;
        }

        public void setBackoff(Duration backoff) {
            this.backoff = backoff;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }

    /** The listeners of one channel. */
    public static class InstanceListener {
        private final RetryOverride retry = new RetryOverride();

        /**
         * The channel that receives a DeadLetter for each value the listeners still fail on after
         * their attempts: the name of a channel (of channels.instances, a Channel bean or a registered
         * channel). Its own overflow policy applies when it is full: with block, the listener waits for
         * room.
         */
        private String deadLetter;

        public RetryOverride getRetry() {
            return retry;
        }

        public String getDeadLetter() {
            return deadLetter;
        }

        public void setDeadLetter(String deadLetter) {
            this.deadLetter = deadLetter;
        }
    }

    /** The retries of one channel's listeners; what is not set comes from channels.defaults.listener.retry. */
    public static class RetryOverride {
        /** Calls in all for one value, 1 or more; 1 is no retry. Defaults to channels.defaults.listener.retry.max-attempts. */
        private Integer maxAttempts;

        /** The wait before the second attempt. Defaults to channels.defaults.listener.retry.backoff. */
        private Duration backoff;

        /** Each wait is this many times the one before. Defaults to channels.defaults.listener.retry.multiplier. */
        private Double multiplier;

        /** The longest wait. Defaults to channels.defaults.listener.retry.max-backoff. */
        private Duration maxBackoff;

        public Integer getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getBackoff() {
            return backoff;
        }

        public void setBackoff(Duration backoff) {
            this.backoff = backoff;
        }

        public Double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(Double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }

    /** Every listener. */
    public static class Listeners {
        /**
         * Whether listeners start with the application. false: none consumes until started with
         * ChannelListenerRegistry.start(id), as for tests or maintenance. A @ChannelListener's own
         * autoStartup wins.
         */
        private boolean autoStartup = true;

        public boolean isAutoStartup() {
            return autoStartup;
        }

        public void setAutoStartup(boolean autoStartup) {
            this.autoStartup = autoStartup;
        }
    }

    /** One named channel. */
    public static class Instance {
        /**
         * Buffer capacity: 0 for a rendezvous channel (a send waits for a receiver), a positive
         * number of buffered values, or "unlimited". Defaults to channels.defaults.capacity.
         */
        private String capacity;

        /**
         * What a send does when the buffer is full. The drop policies need a capacity of 1 or
         * more. Defaults to channels.defaults.overflow.
         */
        private OverflowPolicy overflow;

        /**
         * Fully qualified class name of the elements, such as com.example.Order. Makes the bean a
         * Channel of that type, so that injecting it as a Channel of another type fails start-up.
         */
        private String elementType;

        /** How this channel's listeners handle failures. */
        private final InstanceListener listener = new InstanceListener();

        public String getCapacity() {
            return capacity;
        }

        public void setCapacity(String capacity) {
            this.capacity = capacity;
        }

        public OverflowPolicy getOverflow() {
            return overflow;
        }

        public void setOverflow(OverflowPolicy overflow) {
            this.overflow = overflow;
        }

        public String getElementType() {
            return elementType;
        }

        public void setElementType(String elementType) {
            this.elementType = elementType;
        }

        public InstanceListener getListener() {
            return listener;
        }
    }

    /** Opt-in metrics beyond the gauges and counters, which are always on with Micrometer. */
    public static class Metrics {
        private final Timers timers = new Timers();

        public Timers getTimers() {
            return timers;
        }
    }

    /** Timers that hook into every blocking send and receive; off unless asked for. */
    public static class Timers {
        /**
         * Whether to time how long sends and receives are blocked (channel.send.blocked,
         * channel.receive.blocked). Only operations that actually wait are timed.
         */
        private boolean blocked;

        /**
         * Whether to time how long each value waits in the buffer (channel.buffer.wait). Costs a
         * clock read per buffered value.
         */
        private boolean bufferWait;

        public boolean isBlocked() {
            return blocked;
        }

        public void setBlocked(boolean blocked) {
            this.blocked = blocked;
        }

        public boolean isBufferWait() {
            return bufferWait;
        }

        public void setBufferWait(boolean bufferWait) {
            this.bufferWait = bufferWait;
        }
    }

    /** Graceful shutdown. */
    public static class Shutdown {
        /**
         * How long shutdown waits, in all, for listeners to drain the closed channels before it
         * reports what is left and interrupts them.
         */
        private Duration timeout = Duration.ofSeconds(30);

        /**
         * Channels to close one at a time at shutdown, in this order, such as the stages of a
         * pipeline from first to last. Each is closed only once the one before it is drained and
         * its listeners have ended, within the timeout; channels not listed are closed after them.
         */
        private List<String> order = new ArrayList<>();

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public List<String> getOrder() {
            return order;
        }

        public void setOrder(List<String> order) {
            this.order = order;
        }
    }
}
