package dev.channels.spring.lifecycle;

import dev.channels.spring.listener.ChannelListenerContainer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the graceful shutdown of the channels left behind.
 *
 * @param leftOver channel name to the number of values still buffered when shutdown ended,
 *     only for channels that still held some; sorted by name
 * @param interruptedListeners listeners (see {@link ChannelListenerContainer#id()}) that were still
 *     running when the timeout passed and were interrupted (some may still run after the one second
 *     of grace they then get; the shutdown does not wait longer)
 * @param duration how long the shutdown took: up to the timeout, plus the grace after an interrupt
 * @param unfinished listener to the number of values it took but could not finish because the
 *     shutdown closed a channel under it, interrupted it or cut a retry's back-off short, and the
 *     values it still held when the grace after the interrupt ended, whether or not it finishes
 *     them later (see {@link ChannelListenerContainer#unfinished()}), only for listeners with some;
 *     sorted by listener
 */
public record ShutdownReport(SortedMap<String, Integer> leftOver, List<String> interruptedListeners, Duration duration,
        SortedMap<String, Long> unfinished) {
    /**
     * Copies the collections.
     *
     * @param leftOver see the record description
     * @param interruptedListeners see the record description
     * @param duration see the record description
     * @param unfinished see the record description
     */
    public ShutdownReport {
        leftOver = Collections.unmodifiableSortedMap(new TreeMap<>(leftOver));
        interruptedListeners = List.copyOf(interruptedListeners);
        unfinished = Collections.unmodifiableSortedMap(new TreeMap<>(unfinished));
    }

    /**
     * A report in which no listener left a value unfinished.
     *
     * @param leftOver see the record description
     * @param interruptedListeners see the record description
     * @param duration see the record description
     */
    public ShutdownReport(SortedMap<String, Integer> leftOver, List<String> interruptedListeners, Duration duration) {
        this(leftOver, interruptedListeners, duration, new TreeMap<>());
    }

    /**
     * Whether every channel was drained, every listener ended on its own and none left a value
     * unfinished.
     *
     * @return true if nothing was left over
     */
    public boolean complete() {
        return leftOver.isEmpty() && interruptedListeners.isEmpty() && unfinished.isEmpty();
    }

    /**
     * The total number of values left in channels.
     *
     * @return the sum of {@link #leftOver()}
     */
    public int totalLeftOver() {
        return leftOver.values().stream().mapToInt(Integer::intValue).sum();
    }
}
