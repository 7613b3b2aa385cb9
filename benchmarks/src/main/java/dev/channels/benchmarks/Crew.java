package dev.channels.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads of one benchmark invocation, started before the measurement so that thread start
 * costs stay out of it. Receivers start at once and block on their empty channels; senders start
 * behind a gate. The measured part is {@link #run()}: open the gate and join. {@link #finish()},
 * called at tear-down, makes sure every thread ended and reports the first failure of any.
 */
public final class Crew {
    /** A workload's body on one thread. */
    @FunctionalInterface
    public interface Task {
        /**
         * Runs the body.
         *
         * @throws Exception anything; it fails the invocation
         */
        void run() throws Exception;
    }

    private final Thread.Builder builder;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * An empty crew.
     *
     * @param kind the kind of thread to start
     */
    public Crew(ThreadKind kind) {
        this.builder = kind.builder();
    }

    /**
     * Starts a thread that runs {@code task} now (a receiver, which blocks until values come).
     *
     * @param task the body
     * @return the thread
     */
    public Thread start(Task task) {
        return launch(task, false);
    }

    /**
     * Starts a thread that runs {@code task} once {@link #run()} opens the gate (a sender).
     *
     * @param task the body
     * @return the thread
     */
    public Thread startGated(Task task) {
        return launch(task, true);
    }

    private Thread launch(Task task, boolean gated) {
        Thread thread = builder.start(() -> {
            try {
                if (gated) {
                    gate.await();
                }
                task.run();
            } catch (Throwable t) {
                if (failure.compareAndSet(null, t)) {
                    interruptAll();
                }
            }
        });
        synchronized (threads) {
            threads.add(thread);
        }
        return thread;
    }

    private void interruptAll() {
        synchronized (threads) {
            threads.forEach(Thread::interrupt);
        }
    }

    /**
     * The measured part: opens the gate and waits until every thread has ended.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void run() throws InterruptedException {
        gate.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        rethrow();
    }

    /**
     * The measured part when the end of one thread means the work is done: opens the gate and
     * waits for that thread only (for example the last link of a chain).
     *
     * @param last the thread whose end marks the end of the work
     * @throws InterruptedException if interrupted while waiting
     */
    public void runUntil(Thread last) throws InterruptedException {
        gate.countDown();
        last.join();
        rethrow();
    }

    /**
     * Tear-down: waits for every thread, interrupting those still running after a grace period,
     * and throws the first failure of any thread.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void finish() throws InterruptedException {
        gate.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                failure.compareAndSet(null, new IllegalStateException("a benchmark thread was still running 30 s after the invocation"));
                interruptAll();
                break;
            }
        }
        rethrow();
    }

    private void rethrow() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("a benchmark thread failed: " + t, t);
        }
    }
}
