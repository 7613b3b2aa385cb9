package dev.channels.benchmarks.subjects;

import java.util.concurrent.LinkedTransferQueue;

/**
 * {@link LinkedTransferQueue}: with {@code transfer} (the sender waits for a receiver) the analog
 * of a rendezvous channel, with {@code put} the analog of an unlimited one.
 */
final class LinkedTransferQueueConduit extends QueueConduit {
    private final LinkedTransferQueue<Integer> transferQueue;
    private final boolean rendezvous;

    LinkedTransferQueueConduit(boolean rendezvous) {
        this(new LinkedTransferQueue<>(), rendezvous);
    }

    private LinkedTransferQueueConduit(LinkedTransferQueue<Integer> queue, boolean rendezvous) {
        super(queue);
        this.transferQueue = queue;
        this.rendezvous = rendezvous;
    }

    @Override
    public void send(Integer value) throws InterruptedException {
        if (rendezvous) {
            transferQueue.transfer(value);
        } else {
            transferQueue.put(value);
        }
    }
}
