package dev.channels.benchmarks.subjects;

/**
 * One subject of the benchmarks, seen through the few operations the workloads need: a channel of
 * this project, a jox channel or a JDK queue standing in for one. Each workload runs every subject
 * in its own JVM fork, so calls through this interface are monomorphic and inlined.
 */
public interface Conduit {
    /** What {@link #tryReceive()} returns for a channel that is closed and drained. */
    Object CLOSED = new Object() {
        @Override
        public String toString() {
            return "CLOSED";
        }
    };

    /**
     * Sends, waiting as long as the subject's rules say.
     *
     * @param value the value, never null
     * @throws InterruptedException if interrupted while waiting
     */
    void send(Integer value) throws InterruptedException;

    /**
     * Receives, waiting until a value is there.
     *
     * @return the value
     * @throws InterruptedException if interrupted while waiting
     */
    Integer receive() throws InterruptedException;

    /**
     * Receives only if a value is there now, the subject's non-blocking receive.
     *
     * @return the value, null if there is none now, or {@link #CLOSED}
     */
    Object tryReceive();

    /**
     * Closes the subject so that receivers, once it is drained, see "closed".
     *
     * @throws UnsupportedOperationException if the subject cannot be closed (the JDK's queues)
     */
    void close();
}
