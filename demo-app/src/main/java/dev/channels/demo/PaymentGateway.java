package dev.channels.demo;

import java.util.List;

/** Charges a batch of orders at once. */
public interface PaymentGateway {
    /**
     * Charges every order of the batch.
     *
     * @param batch the orders, at least one
     * @throws InterruptedException if interrupted; the batch counts as not charged
     */
    void charge(List<Order> batch) throws InterruptedException;
}
