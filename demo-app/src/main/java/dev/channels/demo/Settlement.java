package dev.channels.demo;

/**
 * One charged batch, as the settlement report records it.
 *
 * @param batch the batch's number, from 1 on
 * @param orders the orders in it
 * @param amountCents their total
 */
public record Settlement(long batch, int orders, long amountCents) {
}
