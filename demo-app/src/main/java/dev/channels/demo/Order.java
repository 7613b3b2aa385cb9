package dev.channels.demo;

/**
 * An order that passed the intake's checks and travels through the pipeline.
 *
 * @param id assigned by the intake
 * @param customer who ordered
 * @param sku what was ordered
 * @param quantity how many, 1 or more
 * @param unitPriceCents the price of one, in cents
 */
public record Order(long id, String customer, String sku, int quantity, long unitPriceCents) {
    /**
     * The order's total.
     *
     * @return quantity times unit price, in cents
     */
    public long totalCents() {
        return quantity * unitPriceCents;
    }
}
