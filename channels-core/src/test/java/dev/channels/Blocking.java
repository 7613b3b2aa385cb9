package dev.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Starts operations on virtual threads and checks whether they block. */
public final class Blocking {
    /**
     * Long enough for any non-blocking operation to finish on a loaded 2-core machine: only a
     * bound on a hang, never a measurement.
     */
    public static final Duration PROMPTLY = Duration.ofSeconds(30);

    private Blocking() {
    }

    /** A task that may throw. */
    @FunctionalInterface
    public interface Op<V> {
        /** Runs the operation. */
        V run() throws Exception;
    }

    /** A running operation on its own virtual thread. */
    public static final class Running<V> {
        final Thread thread;
        final CompletableFuture<V> result;

        Running(Thread thread, CompletableFuture<V> result) {
            this.thread = thread;
            this.result = result;
        }

        /** The thread running the operation. */
        public Thread thread() {
            return thread;
        }

        /** Waits for the operation's result; fails the test if it takes longer than {@link #PROMPTLY}. */
        public V join() throws Exception {
            try {
                return result.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            } catch (TimeoutException e) {
                throw new AssertionError("operation still blocked after " + PROMPTLY + ": " + thread.getState(), e);
            }
        }

        /** Waits for the operation to fail and returns what it threw. */
        public Throwable failure() throws Exception {
            try {
                V value = join();
                throw new AssertionError("expected the operation to fail, but it returned " + value);
            } catch (Exception e) {
                return e;
            }
        }

        /** Whether the operation has finished. */
        public boolean isDone() {
            return result.isDone();
        }
    }

    /** Starts {@code op} on a new virtual thread. */
    public static <V> Running<V> start(Op<V> op) {
        CompletableFuture<V> result = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                result.complete(op.run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return new Running<>(thread, result);
    }

    /** Starts {@code op} and asserts that it parks (blocks) rather than finishing. */
    public static <V> Running<V> startBlocked(Op<V> op) throws InterruptedException {
        Running<V> running = start(op);
        awaitParked(running);
        return running;
    }

    /** Waits until the operation's thread is parked; fails if it finishes instead. */
    public static void awaitParked(Running<?> running) throws InterruptedException {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (System.nanoTime() < deadline) {
            if (running.isDone()) {
                fail("expected the operation to block, but it finished: " + outcome(running));
            }
            Thread.State state = running.thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
                // Parked; make sure it stays so (not a spurious, transient park).
                Thread.sleep(20);
                if (!running.isDone()) {
                    return;
                }
            }
            Thread.sleep(1);
        }
        fail("operation neither parked nor finished within " + PROMPTLY);
    }

    /**
     * Waits until {@code condition} holds, looking every millisecond; fails the test, naming
     * {@code what}, if it does not hold within {@link #PROMPTLY}.
     */
    public static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("still not true after " + PROMPTLY + ": " + what);
            }
            Thread.sleep(1);
        }
    }

    /** Asserts the operation is still blocked now. */
    public static void assertStillBlocked(Running<?> running) {
        assertThat(running.isDone()).as("operation still blocked").isFalse();
    }

    private static String outcome(Running<?> running) {
        try {
            return String.valueOf(running.result.getNow(null));
        } catch (Exception e) {
            return "threw " + e.getCause();
        }
    }
}
