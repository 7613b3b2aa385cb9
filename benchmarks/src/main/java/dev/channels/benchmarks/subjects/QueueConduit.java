package dev.channels.benchmarks.subjects;

import java.util.concurrent.BlockingQueue;

/**
 * A JDK blocking queue standing in for a channel: {@code put}, {@code take} and {@code poll}.
 * Queues cannot be closed, so no workload that needs "closed" lists them. An
 * {@link java.util.concurrent.ArrayBlockingQueue} or a bounded
 * {@link java.util.concurrent.LinkedBlockingQueue} is the analog of a buffered channel, an
 * unbounded one of an unlimited channel, a {@link java.util.concurrent.SynchronousQueue} of a
 * rendezvous channel.
 */
class QueueConduit implements Conduit {
    final BlockingQueue<Integer> queue;

    QueueConduit(BlockingQueue<Integer> queue) {
        this.queue = queue;
    }

    @Override
    public void send(Integer value) throws InterruptedException {
        queue.put(value);
    }

    @Override
    public Integer receive() throws InterruptedException {
        return queue.take();
    }

    @Override
    public Object tryReceive() {
        return queue.poll();
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be closed");
    }
}
